// SPDX-License-Identifier: Apache-2.0
/* routec JNI shim: TC (clsact), XDP, links and interface names, each inside an optional netns. */
#include "shim.h"

/* ------------------------------------------------------------------ tc (clsact) */

static void tc_hook_init(struct bpf_tc_hook *hook, jint ifindex, jboolean ingress)
{
	memset(hook, 0, sizeof *hook);
	hook->sz = sizeof *hook;
	hook->ifindex = ifindex;
	hook->attach_point = ingress ? BPF_TC_INGRESS : BPF_TC_EGRESS;
}

/* Creates clsact if missing (*created tells), attaches; rolls the hook back if we made it and failed. */
static int tc_attach_here(struct bpf_tc_hook *hook, struct bpf_tc_opts *o, bool *created)
{
	int err = bpf_tc_hook_create(hook);

	*created = err == 0;
	if (err && err != -EEXIST)
		return -err;
	err = bpf_tc_attach(hook, o);
	if (err && *created) {
		hook->attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		bpf_tc_hook_destroy(hook);
		*created = false;
	}
	return err ? err_of(err) : 0;
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_tcAttach(JNIEnv *env, jclass c, jstring jns,
									 jint ifindex, jboolean ingress,
									 jint prog_fd, jint handle,
									 jint priority, jboolean replace,
									 jintArray jout)
{
	struct jstr ns;
	struct ns_guard g;
	struct bpf_tc_hook hook;
	bool created = false;
	int err;

	(void)c;
	if (!jstr_get(env, jns, &ns))
		return;
	if (ns_enter(env, ns.s, &g)) {
		LIBBPF_OPTS(bpf_tc_opts, o, .prog_fd = prog_fd, .handle = (__u32)handle,
			    .priority = (__u32)priority, .flags = replace ? BPF_TC_F_REPLACE : 0);
		tc_hook_init(&hook, ifindex, ingress);
		msg_reset();
		err = tc_attach_here(&hook, &o, &created);
		ns_leave(env, &g);
		if (err) {
			throw_err(env, err, "attach tc %s filter (handle %d, priority %d) on ifindex %d%s%s",
				  ingress ? "ingress" : "egress", (int)handle, (int)priority, (int)ifindex,
				  NS_SUFFIX(ns.s));
		} else {
			jint out[] = { (jint)o.prog_id, (jint)o.handle, (jint)o.priority, created };
			(*env)->SetIntArrayRegion(env, jout, 0, 4, out);
		}
	}
	jstr_release(env, &ns);
}

/* Runs detach (query == false) or query on one filter. */
static int tc_filter_op(struct bpf_tc_hook *hook, struct bpf_tc_opts *o, bool query)
{
	int err = query ? bpf_tc_query(hook, o) : bpf_tc_detach(hook, o);

	return err ? err_of(err) : 0;
}

/*
 * Whether an error means "no such filter": ENOENT, or the EINVAL netlink gives when the chain or the
 * clsact qdisc itself is missing (told apart from bad arguments by the kernel's extack message).
 */
static bool tc_absent(int err)
{
	return err == ENOENT ||
	       (err == EINVAL && (strstr(tl_msg, "Cannot find") || strstr(tl_msg, "doesn't exist")));
}

static jint tc_filter_call(JNIEnv *env, jstring jns, jint ifindex, jboolean ingress, jint handle, jint priority,
			   bool query)
{
	struct jstr ns;
	struct ns_guard g;
	struct bpf_tc_hook hook;
	jint result = 0;
	int err;

	if (!jstr_get(env, jns, &ns))
		return 0;
	if (ns_enter(env, ns.s, &g)) {
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = (__u32)handle, .priority = (__u32)priority);
		tc_hook_init(&hook, ifindex, ingress);
		msg_reset();
		err = tc_filter_op(&hook, &o, query);
		ns_leave(env, &g);
		if (!err)
			result = query ? (jint)o.prog_id : 1;
		else if (!tc_absent(err))
			throw_err(env, err, "%s tc %s filter (handle %d, priority %d) on ifindex %d%s%s",
				  query ? "query" : "detach", ingress ? "ingress" : "egress", (int)handle,
				  (int)priority, (int)ifindex, NS_SUFFIX(ns.s));
	}
	jstr_release(env, &ns);
	return result;
}

EXPORT JNIEXPORT jboolean JNICALL Java_dev_routec_runtime_BpfNative_tcDetach(JNIEnv *env, jclass c, jstring jns,
									     jint ifindex, jboolean ingress,
									     jint handle, jint priority)
{
	(void)c;
	return tc_filter_call(env, jns, ifindex, ingress, handle, priority, false) != 0;
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_tcQuery(JNIEnv *env, jclass c, jstring jns,
									jint ifindex, jboolean ingress, jint handle,
									jint priority)
{
	(void)c;
	return tc_filter_call(env, jns, ifindex, ingress, handle, priority, true);
}

EXPORT JNIEXPORT jboolean JNICALL Java_dev_routec_runtime_BpfNative_tcHookDestroy(JNIEnv *env, jclass c,
										  jstring jns, jint ifindex)
{
	struct jstr ns;
	struct ns_guard g;
	struct bpf_tc_hook hook;
	jboolean existed = JNI_FALSE;
	int err;

	(void)c;
	if (!jstr_get(env, jns, &ns))
		return JNI_FALSE;
	if (ns_enter(env, ns.s, &g)) {
		tc_hook_init(&hook, ifindex, true);
		hook.attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS;
		msg_reset();
		err = bpf_tc_hook_destroy(&hook);
		err = err ? err_of(err) : 0;
		ns_leave(env, &g);
		existed = !err;
		if (err && err != ENOENT && err != EINVAL)
			throw_err(env, err, "delete clsact qdisc on ifindex %d%s%s", (int)ifindex,
				  NS_SUFFIX(ns.s));
	}
	jstr_release(env, &ns);
	return existed;
}

/* ------------------------------------------------------------------ xdp and links */

static void xdp_call(JNIEnv *env, jstring jns, jint ifindex, jint prog_fd, jint flags, jint old_fd)
{
	struct jstr ns;
	struct ns_guard g;
	int err;

	if (!jstr_get(env, jns, &ns))
		return;
	if (ns_enter(env, ns.s, &g)) {
		/* libbpf: a non-zero old_prog_fd turns on XDP_FLAGS_REPLACE */
		LIBBPF_OPTS(bpf_xdp_attach_opts, o, .old_prog_fd = old_fd > 0 ? old_fd : 0);
		msg_reset();
		err = prog_fd >= 0 ? bpf_xdp_attach(ifindex, prog_fd, (__u32)flags, &o)
				   : bpf_xdp_detach(ifindex, (__u32)flags, &o);
		err = err ? err_of(err) : 0;
		ns_leave(env, &g);
		if (err)
			throw_err(env, err, "%s XDP program on ifindex %d (flags 0x%x)%s%s",
				  prog_fd >= 0 ? "attach" : "detach", (int)ifindex, (unsigned)flags,
				  NS_SUFFIX(ns.s));
	}
	jstr_release(env, &ns);
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_xdpAttach(JNIEnv *env, jclass c, jstring jns,
									  jint ifindex, jint prog_fd, jint flags,
									  jint old_fd)
{
	(void)c;
	if (prog_fd < 0)
		throw_err(env, EBADF, "attach XDP program: bad fd %d", (int)prog_fd);
	else
		xdp_call(env, jns, ifindex, prog_fd, flags, old_fd);
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_xdpDetach(JNIEnv *env, jclass c, jstring jns,
									  jint ifindex, jint flags, jint old_fd)
{
	(void)c;
	xdp_call(env, jns, ifindex, -1, flags, old_fd);
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_xdpQueryId(JNIEnv *env, jclass c, jstring jns,
									   jint ifindex, jint flags)
{
	struct jstr ns;
	struct ns_guard g;
	__u32 id = 0;
	int err;

	(void)c;
	if (!jstr_get(env, jns, &ns))
		return 0;
	if (ns_enter(env, ns.s, &g)) {
		msg_reset();
		err = bpf_xdp_query_id(ifindex, flags, &id);
		err = err ? err_of(err) : 0;
		ns_leave(env, &g);
		if (err)
			throw_err(env, err, "query XDP program on ifindex %d%s%s", (int)ifindex,
				  NS_SUFFIX(ns.s));
	}
	jstr_release(env, &ns);
	return (jint)id;
}

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_linkCreate(JNIEnv *env, jclass c, jstring jns,
									   jint prog_fd, jint target_fd,
									   jint attach_type, jint flags)
{
	struct jstr ns;
	struct ns_guard g;
	int fd = -1;

	(void)c;
	if (!jstr_get(env, jns, &ns))
		return -1;
	if (ns_enter(env, ns.s, &g)) {
		LIBBPF_OPTS(bpf_link_create_opts, o, .flags = (__u32)flags);
		msg_reset();
		/* raw attach types: libbpf 1.1 lacks BPF_TCX_* (46/47) but passes them through */
		fd = bpf_link_create(prog_fd, target_fd, (enum bpf_attach_type)attach_type, &o);
		if (fd < 0)
			fd = -err_of(fd);
		ns_leave(env, &g);
		if (fd < 0)
			throw_err(env, -fd, "create BPF link (attach type %d, target %d)%s%s", (int)attach_type,
				  (int)target_fd, NS_SUFFIX(ns.s));
	}
	jstr_release(env, &ns);
	return fd;
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_linkUpdate(JNIEnv *env, jclass c, jint link_fd,
									   jint new_fd, jint old_fd)
{
	int err;

	(void)c;
	LIBBPF_OPTS(bpf_link_update_opts, o, .flags = old_fd > 0 ? BPF_F_REPLACE : 0,
		    .old_prog_fd = old_fd > 0 ? (__u32)old_fd : 0);
	msg_reset();
	err = bpf_link_update(link_fd, new_fd, &o);
	if (err)
		throw_err(env, err_of(err), "update BPF link fd %d to program fd %d", (int)link_fd, (int)new_fd);
}

EXPORT JNIEXPORT void JNICALL Java_dev_routec_runtime_BpfNative_linkDetach(JNIEnv *env, jclass c, jint link_fd)
{
	int err;

	(void)c;
	msg_reset();
	err = bpf_link_detach(link_fd);
	if (err)
		throw_err(env, err_of(err), "detach BPF link fd %d", (int)link_fd);
}

/* ------------------------------------------------------------------ interfaces */

EXPORT JNIEXPORT jint JNICALL Java_dev_routec_runtime_BpfNative_ifNameToIndex(JNIEnv *env, jclass c, jstring jns,
									      jstring jname)
{
	struct jstr ns, name = { 0 };
	struct ns_guard g;
	unsigned idx = 0;
	int err = 0;

	(void)c;
	if (jstr_get(env, jns, &ns) && jstr_get(env, jname, &name) && ns_enter(env, ns.s, &g)) {
		errno = 0;
		idx = if_nametoindex(name.s);
		err = errno;
		ns_leave(env, &g);
		if (!idx)
			throw_err(env, err ? err : ENODEV, "no network interface '%s'%s%s", name.s,
				  NS_SUFFIX(ns.s));
	}
	jstr_release(env, &name);
	jstr_release(env, &ns);
	return (jint)idx;
}

EXPORT JNIEXPORT jbyteArray JNICALL Java_dev_routec_runtime_BpfNative_ifIndexToName(JNIEnv *env, jclass c,
										    jstring jns, jint ifindex)
{
	struct jstr ns;
	struct ns_guard g;
	char buf[IF_NAMESIZE + 1] = { 0 };
	jbyteArray r = NULL;
	char *name = NULL;
	int err = 0;

	(void)c;
	if (jstr_get(env, jns, &ns) && ns_enter(env, ns.s, &g)) {
		name = if_indextoname((unsigned)ifindex, buf);
		err = errno;
		ns_leave(env, &g);
		if (!name)
			throw_err(env, err ? err : ENODEV, "no network interface with index %d%s%s", (int)ifindex,
				  NS_SUFFIX(ns.s));
		else
			r = new_bytes(env, buf, strlen(buf));
	}
	jstr_release(env, &ns);
	return r;
}
