// SPDX-License-Identifier: Apache-2.0
/* Shared by the routec JNI shim's files: includes, message capture, exceptions, JNI and netns helpers. */
#ifndef ROUTEC_SHIM_H
#define ROUTEC_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/bpf.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <jni.h>
#include "dev_routec_runtime_BpfNative.h"

#define EXPORT __attribute__((visibility("default")))
#define MSG_CAP 16384

/* libbpf's messages of the current call, per thread (see bpfshim.c) */
extern __thread char tl_msg[MSG_CAP];
extern __thread size_t tl_len;
void msg_reset(void);

/* Throws BpfException(op, err, captured libbpf messages, verifier log or null). err > 0. */
void throw_log(JNIEnv *env, int err, const char *vlog, size_t vlen, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define throw_err(env, err, ...) throw_log(env, err, NULL, 0, __VA_ARGS__)

/* libbpf 1.x returns -errno; some paths return -1 with errno set. Returns a positive errno. */
int err_of(int ret);

jbyteArray new_bytes(JNIEnv *env, const void *data, size_t len);
void set_longs(JNIEnv *env, jlongArray a, const jlong *v, jsize n);

/* A Java string borrowed as modified UTF-8; a null jstring gives s == NULL. */
struct jstr {
	jstring ref;
	const char *s;
};

bool jstr_get(JNIEnv *env, jstring ref, struct jstr *out);
void jstr_release(JNIEnv *env, struct jstr *j);
void *bytes_dup(JNIEnv *env, jbyteArray a, jsize *len);

/* Network namespace switch within one native call. */
struct ns_guard {
	int home; /* the thread's original netns, or -1 when no switch happened */
};

bool ns_enter(JNIEnv *env, const char *path, struct ns_guard *g);
void ns_leave(JNIEnv *env, struct ns_guard *g);

/* " in netns PATH" or "" for messages */
#define NS_SUFFIX(ns) ((ns) ? " in netns " : ""), ((ns) ? (ns) : "")

#endif
