// SPDX-License-Identifier: Apache-2.0
/*
 * routec JNI shim over libbpf 1.1: turns libbpf calls into Java calls and errors into
 * dev.routec.runtime.BpfException (errno + libbpf's messages + verifier log). No policy logic here.
 *
 * Conventions
 *  - Every entry point is coarse (one Java call = one logical operation) and throws on failure.
 *  - libbpf's messages are captured per thread (libbpf_set_print) and reset at the start of each call.
 *  - Network-namespace switches happen inside one call: enter, operate, restore (setns is per thread).
 *  - Buffer sizes are checked by the Java side (BpfNative's callers); here they are taken as given.
 *
 * Files: bpfshim.c (this: JNI_OnLoad, message capture, exceptions, helpers, fds/pins/info),
 * shim_object.c (objects, test run), shim_map.c (maps), shim_attach.c (tc, xdp, links, ifnames).
 */
#include "shim.h"

/* ------------------------------------------------------------------ libbpf message capture */

__thread char tl_msg[MSG_CAP];
__thread size_t tl_len;

void msg_reset(void)
{
	tl_len = 0;
	tl_msg[0] = '\0';
}

/* Appends, keeping the tail when the buffer is full: libbpf's last words are the useful ones. */
static void msg_append(const char *s, size_t n)
{
	if (n >= MSG_CAP) {
		s += n - (MSG_CAP - 1);
		n = MSG_CAP - 1;
	}
	if (tl_len + n >= MSG_CAP) {
		size_t drop = tl_len + n - (MSG_CAP - 1);
		memmove(tl_msg, tl_msg + drop, tl_len - drop);
		tl_len -= drop;
	}
	memcpy(tl_msg + tl_len, s, n);
	tl_len += n;
	tl_msg[tl_len] = '\0';
}

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[2048];
	int n;

	if (level == LIBBPF_DEBUG)
		return 0;
	n = vsnprintf(line, sizeof line, fmt, ap);
	if (n > 0)
		msg_append(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	return n;
}

/* ------------------------------------------------------------------ exceptions */

static jclass exc_class;
static jmethodID exc_ctor;

EXPORT jint JNI_OnLoad(JavaVM *vm, void *reserved)
{
	JNIEnv *env;
	jclass local;

	(void)reserved;
	if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK)
		return JNI_ERR;
	local = (*env)->FindClass(env, "dev/routec/runtime/BpfException");
	if (!local)
		return JNI_ERR;
	exc_class = (*env)->NewGlobalRef(env, local);
	exc_ctor = (*env)->GetMethodID(env, local, "<init>", "(Ljava/lang/String;I[B[B)V");
	if (!exc_class || !exc_ctor)
		return JNI_ERR;
	libbpf_set_print(print_fn);
	return JNI_VERSION_1_8;
}

jbyteArray new_bytes(JNIEnv *env, const void *data, size_t len)
{
	jbyteArray a;

	if (len > INT_MAX)
		len = INT_MAX;
	a = (*env)->NewByteArray(env, (jsize)len);
	if (a && len)
		(*env)->SetByteArrayRegion(env, a, 0, (jsize)len, data);
	return a;
}

/* Throws BpfException(op, err, captured libbpf messages, verifier log or null). err > 0. */
void throw_log(JNIEnv *env, int err, const char *vlog, size_t vlen, const char *fmt, ...)
{
	char op[512];
	va_list ap;
	jstring jop;
	jbyteArray msgs, log = NULL;
	jobject ex;

	if ((*env)->ExceptionCheck(env))
		return;
	va_start(ap, fmt);
	vsnprintf(op, sizeof op, fmt, ap);
	va_end(ap);
	jop = (*env)->NewStringUTF(env, op);
	msgs = new_bytes(env, tl_msg, tl_len);
	if (vlog && vlen)
		log = new_bytes(env, vlog, vlen);
	if ((*env)->ExceptionCheck(env))
		return;
	ex = (*env)->NewObject(env, exc_class, exc_ctor, jop, (jint)err, msgs, log);
	if (ex)
		(*env)->Throw(env, (jthrowable)ex);
}


/* libbpf 1.x returns -errno; some paths return -1 with errno set. */
int err_of(int ret)
{
	if (ret < -1)
		return -ret;
	return errno ? errno : EINVAL;
}

/* ------------------------------------------------------------------ JNI helpers */

/* false (exception pending) on OOM; a null jstring gives s == NULL. */
bool jstr_get(JNIEnv *env, jstring ref, struct jstr *out)
{
	out->ref = ref;
	out->s = ref ? (*env)->GetStringUTFChars(env, ref, NULL) : NULL;
	return !ref || out->s;
}

void jstr_release(JNIEnv *env, struct jstr *j)
{
	if (j->ref && j->s)
		(*env)->ReleaseStringUTFChars(env, j->ref, j->s);
	j->s = NULL;
}

/* malloc'd copy of a byte[] (at least 1 byte so empty arrays are fine); NULL + OOM thrown on failure */
void *bytes_dup(JNIEnv *env, jbyteArray a, jsize *len)
{
	jsize n = a ? (*env)->GetArrayLength(env, a) : 0;
	void *p = malloc(n ? (size_t)n : 1);

	if (!p) {
		throw_err(env, ENOMEM, "allocate %d bytes", (int)n);
		return NULL;
	}
	if (n)
		(*env)->GetByteArrayRegion(env, a, 0, n, p);
	if (len)
		*len = n;
	return p;
}

/* ------------------------------------------------------------------ network namespaces */

/* Enters the netns at path (NULL: stay). Throws and returns false on failure. */
bool ns_enter(JNIEnv *env, const char *path, struct ns_guard *g)
{
	int fd, err;

	g->home = -1;
	if (!path)
		return true;
	g->home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (g->home < 0) {
		throw_err(env, errno, "open /proc/thread-self/ns/net");
		return false;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
		err = errno;
		if (fd >= 0)
			close(fd);
		close(g->home);
		g->home = -1;
		throw_err(env, err, "enter network namespace %s", path);
		return false;
	}
	close(fd);
	return true;
}

/* Restores the thread's netns. A thread left in a foreign namespace would corrupt later work: fatal. */
void ns_leave(JNIEnv *env, struct ns_guard *g)
{
	if (g->home < 0)
		return;
	if (setns(g->home, CLONE_NEWNET) != 0)
		(*env)->FatalError(env, "routec: cannot restore the thread's network namespace");
	close(g->home);
	g->home = -1;
}

/* ------------------------------------------------------------------ fds, pins, ids, info */

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_closeFd(JNIEnv *env, jclass c, jint fd)
{
	(void)env;
	(void)c;
	close(fd);
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_objGet(JNIEnv *env, jclass c, jstring jpath)
{
	struct jstr path;
	int fd;

	(void)c;
	if (!jstr_get(env, jpath, &path))
		return -1;
	msg_reset();
	fd = bpf_obj_get(path.s);
	if (fd < 0)
		throw_err(env, err_of(fd), "open pinned BPF object %s", path.s);
	jstr_release(env, &path);
	return fd;
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_objPin(JNIEnv *env, jclass c, jint fd,
								       jstring jpath)
{
	struct jstr path;
	int err;

	(void)c;
	if (!jstr_get(env, jpath, &path))
		return;
	msg_reset();
	err = bpf_obj_pin(fd, path.s);
	if (err)
		throw_err(env, err_of(err), "pin fd %d at %s", (int)fd, path.s);
	jstr_release(env, &path);
}

static jint fd_or_throw(JNIEnv *env, int fd, const char *what, jint id)
{
	if (fd < 0)
		throw_err(env, err_of(fd), "open %s by id %d", what, (int)id);
	return fd;
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_progFdById(JNIEnv *env, jclass c, jint id)
{
	(void)c;
	msg_reset();
	return fd_or_throw(env, bpf_prog_get_fd_by_id((__u32)id), "program", id);
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_mapFdById(JNIEnv *env, jclass c, jint id)
{
	(void)c;
	msg_reset();
	return fd_or_throw(env, bpf_map_get_fd_by_id((__u32)id), "map", id);
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_linkFdById(JNIEnv *env, jclass c, jint id)
{
	(void)c;
	msg_reset();
	return fd_or_throw(env, bpf_link_get_fd_by_id((__u32)id), "link", id);
}

static bool get_info(JNIEnv *env, int fd, void *info, __u32 len, const char *what)
{
	int err;

	memset(info, 0, len);
	msg_reset();
	err = bpf_obj_get_info_by_fd(fd, info, &len);
	if (err)
		throw_err(env, err_of(err), "get %s info of fd %d", what, fd);
	return !err;
}

void set_longs(JNIEnv *env, jlongArray a, const jlong *v, jsize n)
{
	(*env)->SetLongArrayRegion(env, a, 0, n, v);
}

EXPORT JNIEXPORT jstring JNICALL Java_dev_routec_runtime_BpfNative_progInfo(JNIEnv *env, jclass c, jint fd,
									    jlongArray out)
{
	struct bpf_prog_info i;

	(void)c;
	if (!get_info(env, fd, &i, sizeof i, "program"))
		return NULL;
	jlong v[] = { i.type, i.id, i.verified_insns, i.xlated_prog_len, i.jited_prog_len };
	set_longs(env, out, v, 5);
	return (*env)->NewStringUTF(env, i.name);
}

EXPORT JNIEXPORT jstring JNICALL Java_dev_routec_runtime_BpfNative_mapInfo(JNIEnv *env, jclass c, jint fd,
									   jlongArray out)
{
	struct bpf_map_info i;

	(void)c;
	if (!get_info(env, fd, &i, sizeof i, "map"))
		return NULL;
	jlong v[] = { i.type, i.id, i.key_size, i.value_size, i.max_entries, i.map_flags };
	set_longs(env, out, v, 6);
	return (*env)->NewStringUTF(env, i.name);
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_linkInfo(JNIEnv *env, jclass c, jint fd,
									 jlongArray out)
{
	struct bpf_link_info i;

	(void)c;
	if (!get_info(env, fd, &i, sizeof i, "link"))
		return;
	jlong v[] = { i.type, i.id, i.prog_id };
	set_longs(env, out, v, 3);
}
