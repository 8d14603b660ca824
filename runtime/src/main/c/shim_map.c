// SPDX-License-Identifier: Apache-2.0
/* routec JNI shim: map element, iteration and batch operations. */
#include "shim.h"

/* ------------------------------------------------------------------ maps */

EXPORT JNIEXPORT jboolean JNICALL Java_dev_routec_runtime_BpfNative_mapLookup(JNIEnv *env, jclass c, jint fd,
									      jbyteArray jkey, jbyteArray jval)
{
	jsize vlen = (*env)->GetArrayLength(env, jval);
	void *key = bytes_dup(env, jkey, NULL);
	void *val = key ? malloc(vlen ? (size_t)vlen : 1) : NULL;
	jboolean found = JNI_FALSE;
	int err;

	(void)c;
	if (key && !val)
		throw_err(env, ENOMEM, "allocate %d bytes", (int)vlen);
	if (val) {
		msg_reset();
		err = bpf_map_lookup_elem(fd, key, val);
		if (!err) {
			(*env)->SetByteArrayRegion(env, jval, 0, vlen, val);
			found = JNI_TRUE;
		} else if (err_of(err) != ENOENT) {
			throw_err(env, err_of(err), "lookup in map fd %d", (int)fd);
		}
	}
	free(val);
	free(key);
	return found;
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_mapUpdate(JNIEnv *env, jclass c, jint fd,
									  jbyteArray jkey, jbyteArray jval,
									  jlong flags)
{
	void *key = bytes_dup(env, jkey, NULL);
	void *val = key ? bytes_dup(env, jval, NULL) : NULL;
	int err;

	(void)c;
	if (val) {
		msg_reset();
		err = bpf_map_update_elem(fd, key, val, (__u64)flags);
		if (err)
			throw_err(env, err_of(err), "update map fd %d (flags %lld)", (int)fd, (long long)flags);
	}
	free(val);
	free(key);
}

EXPORT JNIEXPORT jboolean JNICALL Java_dev_routec_runtime_BpfNative_mapDelete(JNIEnv *env, jclass c, jint fd,
									      jbyteArray jkey)
{
	void *key = bytes_dup(env, jkey, NULL);
	jboolean found = JNI_FALSE;
	int err;

	(void)c;
	if (key) {
		msg_reset();
		err = bpf_map_delete_elem(fd, key);
		if (!err)
			found = JNI_TRUE;
		else if (err_of(err) != ENOENT)
			throw_err(env, err_of(err), "delete from map fd %d", (int)fd);
	}
	free(key);
	return found;
}

/* Growable byte buffer for the iteration/batch calls. */
struct gbuf {
	char *p;
	size_t len, cap;
};

static bool gbuf_reserve(struct gbuf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (b->len + more <= b->cap)
		return true;
	while (cap < b->len + more)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		return false;
	b->p = p;
	b->cap = cap;
	return true;
}

EXPORT JNIEXPORT jbyteArray JNICALL Java_dev_routec_runtime_BpfNative_mapKeys(JNIEnv *env, jclass c, jint fd,
									      jint key_size, jint max_keys)
{
	struct gbuf b = { 0 };
	jbyteArray r = NULL;
	int err = 0;

	(void)c;
	msg_reset();
	for (jint n = 0; n < max_keys; n++) {
		if (!gbuf_reserve(&b, (size_t)key_size)) {
			err = ENOMEM;
			break;
		}
		err = bpf_map_get_next_key(fd, n ? b.p + b.len - key_size : NULL, b.p + b.len);
		if (err) {
			err = err_of(err);
			break;
		}
		b.len += (size_t)key_size;
	}
	if (err && err != ENOENT)
		throw_err(env, err, "iterate keys of map fd %d", (int)fd);
	else
		r = new_bytes(env, b.p, b.len);
	free(b.p);
	return r;
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_mapUpdateBatch(JNIEnv *env, jclass c, jint fd,
									       jbyteArray jkeys,
									       jbyteArray jvals, jint count,
									       jlong flags)
{
	void *keys = bytes_dup(env, jkeys, NULL);
	void *vals = keys ? bytes_dup(env, jvals, NULL) : NULL;
	__u32 n = (__u32)count;
	int err;

	(void)c;
	if (vals) {
		LIBBPF_OPTS(bpf_map_batch_opts, o, .elem_flags = (__u64)flags);
		msg_reset();
		err = bpf_map_update_batch(fd, keys, vals, &n, &o);
		if (err)
			throw_err(env, err_of(err), "batch update of map fd %d (%u of %d done)", (int)fd, n,
				  (int)count);
	}
	free(vals);
	free(keys);
	return (jint)n;
}

struct batch {
	struct gbuf keys, vals;
	char in[64], out[64]; /* position tokens: u32 for hash/array, key-sized for generic */
	__u32 chunk;
};

#define BATCH_DONE (-1)
#define BATCH_RETRY (-2)

/* One bpf_map_lookup_batch step: 0 (progressed), BATCH_DONE, BATCH_RETRY (chunk grown) or an errno. */
static int batch_step(int fd, struct batch *b, bool first, size_t ks, size_t vs)
{
	__u32 n = b->chunk;
	int err;

	if (!gbuf_reserve(&b->keys, n * ks) || !gbuf_reserve(&b->vals, n * vs))
		return ENOMEM;
	LIBBPF_OPTS(bpf_map_batch_opts, o);
	err = bpf_map_lookup_batch(fd, first ? NULL : b->in, b->out, b->keys.p + b->keys.len,
				   b->vals.p + b->vals.len, &n, &o);
	err = err ? err_of(err) : 0;
	if (err == ENOSPC && n == 0 && b->chunk < (1u << 20)) {
		b->chunk *= 2; /* a hash bucket holds more than one chunk: retry larger */
		return BATCH_RETRY;
	}
	if (err && err != ENOENT)
		return err;
	b->keys.len += n * ks;
	b->vals.len += n * vs;
	memcpy(b->in, b->out, sizeof b->in);
	return err == ENOENT ? BATCH_DONE : 0;
}

EXPORT JNIEXPORT jobjectArray JNICALL Java_dev_routec_runtime_BpfNative_mapLookupBatch(JNIEnv *env, jclass c,
										       jint fd, jint key_size,
										       jint value_size,
										       jint max_entries)
{
	struct batch b = { .chunk = max_entries < 1024 ? (__u32)(max_entries > 0 ? max_entries : 1) : 1024 };
	jobjectArray r = NULL;
	jclass bc;
	int st;
	bool first = true;

	(void)c;
	if (key_size > (jint)sizeof b.in) {
		throw_err(env, EINVAL, "batch lookup: key size %d too large", (int)key_size);
		return NULL;
	}
	msg_reset();
	while ((st = batch_step(fd, &b, first, (size_t)key_size, (size_t)value_size)) == 0 || st == BATCH_RETRY)
		if (st == 0)
			first = false;
	if (st != BATCH_DONE) {
		throw_err(env, st, "batch lookup in map fd %d", (int)fd);
	} else if ((bc = (*env)->FindClass(env, "[B")) && (r = (*env)->NewObjectArray(env, 2, bc, NULL))) {
		jbyteArray k = new_bytes(env, b.keys.p, b.keys.len);
		jbyteArray v = k ? new_bytes(env, b.vals.p, b.vals.len) : NULL;

		if (v) {
			(*env)->SetObjectArrayElement(env, r, 0, k);
			(*env)->SetObjectArrayElement(env, r, 1, v);
		} else {
			r = NULL; /* OutOfMemoryError pending */
		}
	}
	free(b.keys.p);
	free(b.vals.p);
	return r;
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_numPossibleCpus(JNIEnv *env, jclass c)
{
	int n;

	(void)c;
	msg_reset();
	n = libbpf_num_possible_cpus();
	if (n <= 0)
		throw_err(env, n < 0 ? -n : EINVAL, "count possible CPUs");
	return n;
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_probeProgType(JNIEnv *env, jclass c, jint type)
{
	(void)env;
	(void)c;
	msg_reset();
	return libbpf_probe_bpf_prog_type((enum bpf_prog_type)type, NULL);
}
