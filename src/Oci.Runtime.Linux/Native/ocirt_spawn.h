/* The contract between ocirt's C# setup-program compiler and the C interpreter that runs
 * the program in the cloned child. C# lays these structures out byte for byte
 * (SetupProgramLayout.cs); change both together. */
#ifndef OCIRT_SPAWN_H
#define OCIRT_SPAWN_H
#include <stdint.h>

enum ocirt_opcode {
    OCIRT_OP_SYSCALL = 1,        /* result = syscall(nr, a0..a5) */
    OCIRT_OP_FD_PATH = 2,        /* result = pointer to "/proc/self/fd/<a0>" in scratch slot a1 */
    OCIRT_OP_SYNC = 3,           /* send {a0, a1} to the parent, wait for its reply to a0 */
    OCIRT_OP_FORK = 4,           /* fork; the parent side reports the child's pid and exits, or with a0 != 0
                                    waits for the child and exits with its status */
    OCIRT_OP_SEND_FD = 5,        /* send fd a1 over the unix socket a0 with SCM_RIGHTS, as message {FD, a2, 0} */
    OCIRT_OP_FIND_EXECUTABLE = 6,/* result = index of the first executable path in char** a0 */
    OCIRT_OP_EXEC = 7,           /* reset signals, execve(((char**)a0)[a1], a2, a3) */
    OCIRT_OP_MASK_WORD = 8,      /* result = *(uint32_t*)a0 = (*(uint32_t*)a0 & a1) | a2 */
    OCIRT_OP_WRITE_STRING = 9,   /* write(a0, s, strlen(s)): s = ((char**)a1)[|a2|] (a2 may be an op's -errno), or
                                    the string a4 when |a2| >= a3, the array's length */
    OCIRT_OP_CWD_IN_ROOT = 10,   /* getcwd as glibc reports it: -ENOENT when the kernel says the cwd is not
                                    reachable from the root ("(unreachable)/..."), else 0 */
    OCIRT_OP_VALUE = 11,         /* result = a0: tests a register (an earlier op's fd or -errno) so that the
                                    usual success/alternate skips branch on it */
};

/* Messages on the sync socket, child to parent; every one is three int32s. */
enum ocirt_message {
    OCIRT_MSG_ERROR = 1,         /* {ERROR, op index, errno} */
    OCIRT_MSG_FORKED = 2,        /* {FORKED, pid of the new child in the parent's pid namespace,
                                     1 if the sender waits for it and exits with its status, else 0} */
    OCIRT_MSG_SYNC = 3,          /* {SYNC, code, value}; the parent answers {SYNC, code, 0 or errno} */
    OCIRT_MSG_FD = 4,            /* {FD, what, 0} with an fd attached (SCM_RIGHTS) */
};

#define OCIRT_MAX_ARGS 6
#define OCIRT_REGISTERS 32
#define OCIRT_SCRATCH_SLOTS 8

struct ocirt_op {
    uint32_t code;
    int32_t result_register;   /* -1: result discarded */
    uint32_t register_args;    /* bit i set: a[i] names a register, not a value */
    int32_t alternate_errno;   /* this errno is not a failure; it takes the "alternate" path (-1: any errno) */
    uint16_t skip_on_success;  /* ops to skip after success */
    uint16_t skip_on_alternate;/* ops to skip after alternate_errno */
    int32_t also_alternate_errno; /* a second errno that takes the alternate path, or 0 */
    int64_t nr;
    int64_t a[OCIRT_MAX_ARGS];
};

struct ocirt_program {
    uint32_t count;
    int32_t sync_fd;           /* the child's end of the parent's SOCK_SEQPACKET socketpair */
    int32_t cgroup_fd;         /* CLONE_INTO_CGROUP target, or -1 */
    uint32_t spawn_flags;      /* OCIRT_SPAWN_* */
    uint64_t clone_flags;      /* namespaces and other clone3 flags */
    const struct ocirt_op *ops;
};

/* The child shares the parent's memory (CLONE_VM) on a stack of its own, instead of a copy of
 * it: the caller has decided that the program does nothing that needs a private mm, and keeps
 * the program allocated until the child has exec'd or died. */
#define OCIRT_SPAWN_SHARE_MEMORY 1u

/* Clones a child that runs the program and never returns; returns the child's pid (and its
 * pidfd through pidfd_out, or -1 when the kernel has no CLONE_PIDFD), or -errno. */
int64_t ocirt_spawn(const struct ocirt_program *program, int32_t *pidfd_out);

/* Fds below this are noted at start-up; above it, none counts as the caller's. */
#define OCIRT_CALLER_FD_LIMIT 4096

/* 1 if fd was open when the binary started, before the .NET runtime opened any of its own. */
int32_t ocirt_caller_fd_was_open(int32_t fd);

#endif
