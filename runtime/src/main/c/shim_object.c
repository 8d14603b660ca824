// SPDX-License-Identifier: Apache-2.0
/* routec JNI shim: BPF objects (open, configure, load, close) and BPF_PROG_TEST_RUN. */
#include "shim.h"

/* ------------------------------------------------------------------ objects */

struct handle {
	struct bpf_object *obj;
	char *log;
	size_t log_size;
};

static inline struct handle *H(jlong h)
{
	return (struct handle *)(intptr_t)h;
}

/* After open: pin_root == NULL means "pin nothing" (libbpf would otherwise pin/reuse under /sys/fs/bpf). */
static void unpin_all(struct bpf_object *obj)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, obj)
		bpf_map__set_pin_path(m, NULL);
}

static jlong open_common(JNIEnv *env, const char *path, jbyteArray elf, jstring jname, jstring jroot,
			 jint log_size, jint log_level)
{
	struct jstr name = { 0 }, root = { 0 };
	struct handle *h = calloc(1, sizeof *h);
	jbyte *buf = NULL;
	int err = 0;

	if (!h || !(h->log = malloc((size_t)log_size))) {
		free(h);
		throw_err(env, ENOMEM, "allocate a %d-byte verifier log", (int)log_size);
		return 0;
	}
	h->log_size = (size_t)log_size;
	h->log[0] = '\0';
	if (!jstr_get(env, jname, &name) || !jstr_get(env, jroot, &root))
		goto out;
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = name.s, .pin_root_path = root.s,
		    .kernel_log_buf = h->log, .kernel_log_size = h->log_size, .kernel_log_level = (__u32)log_level);
	msg_reset();
	if (path) {
		h->obj = bpf_object__open_file(path, &oo);
	} else if ((buf = (*env)->GetByteArrayElements(env, elf, NULL))) {
		/* libbpf finishes ELF parsing inside open, so the bytes can go right after */
		h->obj = bpf_object__open_mem(buf, (size_t)(*env)->GetArrayLength(env, elf), &oo);
		err = errno;
		(*env)->ReleaseByteArrayElements(env, elf, buf, JNI_ABORT);
		errno = err;
	}
	if (!h->obj && !(*env)->ExceptionCheck(env))
		throw_err(env, errno ? errno : EINVAL, "open BPF object %s", path ? path : "(from memory)");
	else if (h->obj && !root.s)
		unpin_all(h->obj);
out:
	jstr_release(env, &name);
	jstr_release(env, &root);
	if (h->obj)
		return (jlong)(intptr_t)h;
	free(h->log);
	free(h);
	return 0;
}

EXPORT JNIEXPORT jlong JNICALL Java_dev_routec_runtime_BpfNative_objectOpenMem(
	JNIEnv *env, jclass c, jbyteArray elf, jstring name, jstring root, jint log_size, jint log_level)
{
	(void)c;
	return open_common(env, NULL, elf, name, root, log_size, log_level);
}

EXPORT JNIEXPORT jlong JNICALL Java_dev_routec_runtime_BpfNative_objectOpenFile(
	JNIEnv *env, jclass c, jstring jpath, jstring name, jstring root, jint log_size, jint log_level)
{
	struct jstr path;
	jlong h;

	(void)c;
	if (!jstr_get(env, jpath, &path))
		return 0;
	h = open_common(env, path.s, NULL, name, root, log_size, log_level);
	jstr_release(env, &path);
	return h;
}

static jobjectArray names_array(JNIEnv *env, const char **names, int n)
{
	jclass sc = (*env)->FindClass(env, "java/lang/String");
	jobjectArray a = sc ? (*env)->NewObjectArray(env, n, sc, NULL) : NULL;

	for (int i = 0; a && i < n; i++) {
		jstring s = (*env)->NewStringUTF(env, names[i]);
		if (!s)
			return NULL;
		(*env)->SetObjectArrayElement(env, a, i, s);
		(*env)->DeleteLocalRef(env, s);
	}
	return a;
}

EXPORT JNIEXPORT jobjectArray JNICALL Java_dev_routec_runtime_BpfNative_objectProgramNames(JNIEnv *env, jclass c,
											   jlong h)
{
	const char *names[1024];
	struct bpf_program *p;
	int n = 0;

	(void)c;
	bpf_object__for_each_program(p, H(h)->obj)
		if (n < 1024)
			names[n++] = bpf_program__name(p);
	return names_array(env, names, n);
}

EXPORT JNIEXPORT jobjectArray JNICALL Java_dev_routec_runtime_BpfNative_objectMapNames(JNIEnv *env, jclass c,
										       jlong h)
{
	const char *names[1024];
	struct bpf_map *m;
	int n = 0;

	(void)c;
	bpf_object__for_each_map(m, H(h)->obj)
		if (n < 1024)
			names[n++] = bpf_map__name(m);
	return names_array(env, names, n);
}

/* Finds the named map; throws ENOENT if absent. The name stays valid until jstr_release. */
static struct bpf_map *find_map(JNIEnv *env, jlong h, jstring jname, struct jstr *name)
{
	struct bpf_map *m;

	if (!jstr_get(env, jname, name))
		return NULL;
	m = bpf_object__find_map_by_name(H(h)->obj, name->s);
	if (!m)
		throw_err(env, ENOENT, "no map named '%s' in the BPF object", name->s);
	return m;
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_objectSetMapPinPath(JNIEnv *env, jclass c, jlong h,
										    jstring jmap, jstring jpath)
{
	struct jstr name, path = { 0 };
	struct bpf_map *m = find_map(env, h, jmap, &name);
	int err;

	(void)c;
	if (m && jstr_get(env, jpath, &path)) {
		msg_reset();
		err = bpf_map__set_pin_path(m, path.s);
		if (err)
			throw_err(env, -err, "set pin path of map '%s'", name.s);
	}
	jstr_release(env, &path);
	jstr_release(env, &name);
}

EXPORT JNIEXPORT jstring JNICALL Java_dev_routec_runtime_BpfNative_objectMapPinPath(JNIEnv *env, jclass c, jlong h,
										    jstring jmap)
{
	struct jstr name;
	struct bpf_map *m = find_map(env, h, jmap, &name);
	const char *p = m ? bpf_map__pin_path(m) : NULL;
	jstring r = p ? (*env)->NewStringUTF(env, p) : NULL;

	(void)c;
	jstr_release(env, &name);
	return r;
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_objectReuseMapFd(JNIEnv *env, jclass c, jlong h,
										 jstring jmap, jint fd)
{
	struct jstr name;
	struct bpf_map *m = find_map(env, h, jmap, &name);
	int err;

	(void)c;
	if (m) {
		msg_reset();
		err = bpf_map__reuse_fd(m, fd);
		if (err)
			throw_err(env, -err, "reuse fd %d for map '%s'", (int)fd, name.s);
	}
	jstr_release(env, &name);
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_objectSetMapMaxEntries(JNIEnv *env, jclass c,
										       jlong h, jstring jmap,
										       jint max)
{
	struct jstr name;
	struct bpf_map *m = find_map(env, h, jmap, &name);
	int err;

	(void)c;
	if (m) {
		msg_reset();
		err = bpf_map__set_max_entries(m, (__u32)max);
		if (err)
			throw_err(env, -err, "set max_entries of map '%s' to %d", name.s, (int)max);
	}
	jstr_release(env, &name);
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_objectLoad(JNIEnv *env, jclass c, jlong h)
{
	struct handle *hd = H(h);
	int err;

	(void)c;
	hd->log[0] = '\0';
	msg_reset();
	err = bpf_object__load(hd->obj);
	if (err)
		throw_log(env, -err, hd->log, strnlen(hd->log, hd->log_size), "load BPF object '%s'",
			  bpf_object__name(hd->obj));
}

EXPORT JNIEXPORT jbyteArray JNICALL Java_dev_routec_runtime_BpfNative_objectLog(JNIEnv *env, jclass c, jlong h)
{
	(void)c;
	return new_bytes(env, H(h)->log, strnlen(H(h)->log, H(h)->log_size));
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_objectProgramFd(JNIEnv *env, jclass c, jlong h,
										jstring jprog)
{
	struct jstr name;
	struct bpf_program *p;
	int fd = -1;

	(void)c;
	if (!jstr_get(env, jprog, &name))
		return -1;
	p = bpf_object__find_program_by_name(H(h)->obj, name.s);
	if (!p)
		throw_err(env, ENOENT, "no program named '%s' in the BPF object", name.s);
	else if ((fd = bpf_program__fd(p)) < 0)
		throw_err(env, EBADF, "program '%s' is not loaded", name.s);
	jstr_release(env, &name);
	return fd;
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_objectMapFd(JNIEnv *env, jclass c, jlong h,
									    jstring jmap)
{
	struct jstr name;
	struct bpf_map *m = find_map(env, h, jmap, &name);
	int fd = -1;

	(void)c;
	if (m && (fd = bpf_map__fd(m)) < 0)
		throw_err(env, EBADF, "map '%s' is not created", name.s);
	jstr_release(env, &name);
	return fd;
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_objectClose(JNIEnv *env, jclass c, jlong h)
{
	struct handle *hd = H(h);

	(void)env;
	(void)c;
	bpf_object__close(hd->obj);
	free(hd->log);
	free(hd);
}

/* ------------------------------------------------------------------ BPF_PROG_TEST_RUN */

struct run_ctx {
	struct __sk_buff skb;
	struct xdp_md xdp;
	jint v[4];
};

static void ctx_in(struct bpf_test_run_opts *o, struct run_ctx *x, jint kind, __u32 data_len)
{
	memset(&x->skb, 0, sizeof x->skb);
	memset(&x->xdp, 0, sizeof x->xdp);
	if (kind == 1) {
		x->skb.mark = (__u32)x->v[0];
		x->skb.priority = (__u32)x->v[1];
		x->skb.ingress_ifindex = (__u32)x->v[2];
		x->skb.ifindex = (__u32)x->v[3];
		o->ctx_in = o->ctx_out = &x->skb;
		o->ctx_size_in = o->ctx_size_out = sizeof x->skb;
	} else if (kind == 2) {
		x->xdp.data_end = data_len; /* the kernel insists: data 0, data_end = packet length */
		x->xdp.ingress_ifindex = (__u32)x->v[0];
		x->xdp.rx_queue_index = (__u32)x->v[1];
		o->ctx_in = o->ctx_out = &x->xdp;
		o->ctx_size_in = o->ctx_size_out = sizeof x->xdp;
	}
}

static void ctx_out(struct run_ctx *x, jint kind)
{
	if (kind == 1) {
		x->v[0] = (jint)x->skb.mark;
		x->v[1] = (jint)x->skb.priority;
		x->v[2] = (jint)x->skb.ingress_ifindex;
		x->v[3] = (jint)x->skb.ifindex;
	} else if (kind == 2) {
		x->v[0] = (jint)x->xdp.ingress_ifindex;
		x->v[1] = (jint)x->xdp.rx_queue_index;
		x->v[2] = x->v[3] = 0;
	}
}

EXPORT JNIEXPORT jbyteArray JNICALL Java_dev_routec_runtime_BpfNative_testRun(JNIEnv *env, jclass c, jint fd,
									      jbyteArray jdata, jint out_size,
									      jint repeat, jint kind,
									      jintArray jctx, jlongArray jres)
{
	struct run_ctx x;
	jsize len;
	void *data = bytes_dup(env, jdata, &len);
	void *out = data ? malloc(out_size > 0 ? (size_t)out_size : 1) : NULL;
	jbyteArray r = NULL;
	int err;

	(void)c;
	if (data && !out)
		throw_err(env, ENOMEM, "allocate %d bytes", (int)out_size);
	if (!out)
		goto done;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = data, .data_size_in = (__u32)len, .data_out = out,
		    .data_size_out = (__u32)out_size, .repeat = repeat);
	if (kind)
		(*env)->GetIntArrayRegion(env, jctx, 0, 4, x.v);
	ctx_in(&o, &x, kind, (__u32)len);
	msg_reset();
	err = bpf_prog_test_run_opts(fd, &o);
	if (err && err_of(err) == ENOSPC && o.data_size_out > (__u32)out_size)
		throw_err(env, ENOSPC, "test run: the program produced %u bytes, more than the %d-byte output buffer",
			  o.data_size_out, (int)out_size);
	else if (err)
		throw_err(env, err_of(err), "test run of program fd %d (%d-byte packet)", (int)fd, (int)len);
	if (err)
		goto done;
	ctx_out(&x, kind);
	if (kind)
		(*env)->SetIntArrayRegion(env, jctx, 0, 4, x.v);
	jlong res[] = { o.retval, o.duration, o.data_size_out };
	set_longs(env, jres, res, 3);
	r = new_bytes(env, out, o.data_size_out);
done:
	free(out);
	free(data);
	return r;
}
