// SPDX-License-Identifier: Apache-2.0
/* Ring-buffer consumption: records are collected per poll and handed to Java as one array. */
#include "shim.h"

/* A ring buffer with the records of the current poll, each stored as [u32 length][bytes]. */
struct rb_handle {
	struct ring_buffer *rb;
	char *buf;
	size_t len, cap;
	int count;
};

static int rb_collect(void *ctx, void *data, size_t size)
{
	struct rb_handle *h = ctx;
	size_t need = h->len + sizeof(uint32_t) + size;
	uint32_t n = (uint32_t)size;

	if (need > h->cap) {
		size_t cap = h->cap ? h->cap : 4096;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(h->buf, cap);
		if (!p)
			return -ENOMEM;
		h->buf = p;
		h->cap = cap;
	}
	memcpy(h->buf + h->len, &n, sizeof n);
	memcpy(h->buf + h->len + sizeof n, data, size);
	h->len = need;
	h->count++;
	return 0;
}

EXPORT JNIEXPORT jlong JNICALL Java_dev_routec_runtime_BpfNative_ringbufNew(JNIEnv *env, jclass c, jint fd)
{
	struct rb_handle *h = calloc(1, sizeof *h);

	(void)c;
	msg_reset();
	if (!h) {
		throw_err(env, ENOMEM, "allocate a ring-buffer reader");
		return 0;
	}
	h->rb = ring_buffer__new(fd, rb_collect, h, NULL);
	if (!h->rb) {
		int err = errno ? errno : EINVAL;

		free(h);
		throw_err(env, err, "open ring buffer of map fd %d", (int)fd);
		return 0;
	}
	return (jlong)(intptr_t)h;
}

EXPORT JNIEXPORT jbyteArray JNICALL Java_dev_routec_runtime_BpfNative_ringbufPoll(JNIEnv *env, jclass c,
										jlong handle, jint timeout_ms)
{
	struct rb_handle *h = (struct rb_handle *)(intptr_t)handle;
	int ret;

	(void)c;
	msg_reset();
	h->len = 0;
	h->count = 0;
	ret = ring_buffer__poll(h->rb, timeout_ms);
	if (ret < 0 && ret != -EINTR) {
		throw_err(env, err_of(ret), "poll ring buffer");
		return NULL;
	}
	return new_bytes(env, h->buf, h->len);
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_ringbufFree(JNIEnv *env, jclass c, jlong handle)
{
	struct rb_handle *h = (struct rb_handle *)(intptr_t)handle;

	(void)env;
	(void)c;
	if (!h)
		return;
	ring_buffer__free(h->rb);
	free(h->buf);
	free(h);
}
