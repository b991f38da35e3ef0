/* ocirt's only C: clone a child and run a setup program in it, up to execve.
 *
 * Why C: .NET is multi-threaded from its first instruction. A cloned child has one thread
 * and a copy of everyone else's state, and managed code run there can block forever on a
 * garbage collection that started in a thread which no longer exists (measured: 127 hangs
 * in 3000; see docs/process-model.md). So every decision is made in C# and compiled into a
 * program of raw syscalls; this file only executes it. It holds no policy: no paths, no
 * flags, no order. Rules inside the child: raw syscalls only (no libc wrapper that may touch
 * locks or other threads' state), no allocation, no stdio. */
#define _GNU_SOURCE
#include "ocirt_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif
#ifndef AT_EACCESS
#define AT_EACCESS 0x200
#endif

/* A raw system call: returns the kernel's value, -errno on failure, never touches errno. */
static inline int64_t raw_syscall6(int64_t n, int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f)
{
#if defined(__x86_64__)
    register int64_t r10 __asm__("r10") = d;
    register int64_t r8 __asm__("r8") = e;
    register int64_t r9 __asm__("r9") = f;
    int64_t ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
#elif defined(__aarch64__)
    register int64_t x8 __asm__("x8") = n;
    register int64_t x0 __asm__("x0") = a;
    register int64_t x1 __asm__("x1") = b;
    register int64_t x2 __asm__("x2") = c;
    register int64_t x3 __asm__("x3") = d;
    register int64_t x4 __asm__("x4") = e;
    register int64_t x5 __asm__("x5") = f;
    __asm__ volatile("svc 0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
#else
#error "ocirt_spawn: add the raw system call sequence for this architecture"
#endif
}

#define sys0(n) raw_syscall6((n), 0, 0, 0, 0, 0, 0)
#define sys1(n, a) raw_syscall6((n), (int64_t)(a), 0, 0, 0, 0, 0)
#define sys2(n, a, b) raw_syscall6((n), (int64_t)(a), (int64_t)(b), 0, 0, 0, 0)
#define sys3(n, a, b, c) raw_syscall6((n), (int64_t)(a), (int64_t)(b), (int64_t)(c), 0, 0, 0)
#define sys4(n, a, b, c, d) raw_syscall6((n), (int64_t)(a), (int64_t)(b), (int64_t)(c), (int64_t)(d), 0, 0)

/* The kernel's sigaction layout (not glibc's): handler, flags, restorer, mask. */
struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

struct clone_args_v2 {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

static __attribute__((noreturn)) void child_exit(int status)
{
    for (;;)
        sys1(SYS_exit_group, status);
}

static void send_message(int fd, int32_t kind, int32_t a, int32_t b)
{
    int32_t message[3] = {kind, a, b};
    sys3(SYS_write, fd, message, sizeof message);
}

static __attribute__((noreturn)) void fail(int sync_fd, uint32_t index, int64_t error)
{
    send_message(sync_fd, OCIRT_MSG_ERROR, (int32_t)index, (int32_t)-error);
    child_exit(127);
}

/* The child's exit status as a shell reports it: the code, or 128 + the signal. */
static int wait_for(int64_t pid)
{
    int status = 0;
    while (raw_syscall6(SYS_wait4, pid, (int64_t)&status, 0, 0, 0, 0) == -EINTR)
        ;
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}

static char *format_fd_path(char *buffer, int64_t fd)
{
    static const char prefix[] = "/proc/self/fd/";
    char digits[24];
    int n = 0;
    uint64_t value = (uint64_t)fd;
    memcpy(buffer, prefix, sizeof prefix - 1);
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    char *out = buffer + sizeof prefix - 1;
    while (n > 0)
        *out++ = digits[--n];
    *out = '\0';
    return buffer;
}

/* {SYNC, code, value} out; the reply must be {SYNC, code, status}: 0 goes on, else -status. */
static int64_t sync_with_parent(int fd, int64_t code, int64_t value)
{
    int32_t reply[3];
    send_message(fd, OCIRT_MSG_SYNC, (int32_t)code, (int32_t)value);
    int64_t n = sys3(SYS_read, fd, reply, sizeof reply);
    if (n < 0)
        return n;
    if (n != sizeof reply || reply[0] != OCIRT_MSG_SYNC || reply[1] != (int32_t)code)
        return -EPROTO;
    return reply[2] == 0 ? 0 : -(int64_t)reply[2];
}

/* The fd rides on a {FD, what, 0} message: the parent's sync socket reads every message as
 * three int32s, and a console socket's receiver ignores the bytes that carry an fd. */
static int64_t send_fd(int64_t socket_fd, int64_t fd, int64_t what)
{
    int32_t data[3] = {OCIRT_MSG_FD, (int32_t)what, 0};
    struct iovec iov = {.iov_base = data, .iov_len = sizeof data};
    union {
        char buffer[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buffer, .msg_controllen = sizeof control.buffer};
    struct cmsghdr *header = CMSG_FIRSTHDR(&message);
    header->cmsg_level = SOL_SOCKET;
    header->cmsg_type = SCM_RIGHTS;
    header->cmsg_len = CMSG_LEN(sizeof(int));
    int value = (int)fd;
    memcpy(CMSG_DATA(header), &value, sizeof value);
    return sys3(SYS_sendmsg, socket_fd, &message, 0);
}

/* Like exec.LookPath (Go 1.20 on): the first candidate that is a regular file with an
 * execute bit that the process's effective ids and capabilities may execute (faccessat2 with
 * AT_EACCESS; plain faccessat would ask for the real uid without capabilities). Where
 * faccessat2 is missing (ENOSYS) or a seccomp profile refuses it (EPERM), the execute bit
 * decides, as in Go. -EACCES when one exists but none is executable, else -ENOENT. */
static int64_t find_executable(const char *const *candidates)
{
    int64_t error = -ENOENT;
    for (int64_t i = 0; candidates[i] != NULL; i++) {
        struct stat st;
        if (raw_syscall6(SYS_newfstatat, AT_FDCWD, (int64_t)candidates[i], (int64_t)&st, 0, 0, 0) != 0)
            continue;
        if (!S_ISREG(st.st_mode) || (st.st_mode & 0111) == 0) {
            error = -EACCES;
            continue;
        }
        int64_t access = sys4(SYS_faccessat2, AT_FDCWD, candidates[i], X_OK, AT_EACCESS);
        if (access == 0 || access == -ENOSYS || access == -EPERM)
            return i;
        error = -EACCES;
    }
    return error;
}

static int64_t string_length(const char *s)
{
    int64_t n = 0;
    while (s[n] != '\0')
        n++;
    return n;
}

static int64_t write_string(int64_t fd, const char *const *strings, int64_t index, int64_t count, const char *otherwise)
{
    uint64_t i = index < 0 ? (uint64_t)-index : (uint64_t)index;
    const char *s = i < (uint64_t)count && strings[i] != NULL ? strings[i] : otherwise;
    return sys3(SYS_write, fd, s, string_length(s));
}

/* The kernel's getcwd prefixes "(unreachable)" to a cwd outside the process's root; glibc
 * turns that into ENOENT, and so does this. */
static int64_t cwd_in_root(void)
{
    char buffer[4096];
    int64_t n = sys2(SYS_getcwd, buffer, sizeof buffer);
    if (n < 0)
        return n;
    return n > 0 && buffer[0] == '/' ? 0 : -ENOENT;
}

/* .NET leaves SIGPIPE ignored and the parent blocked every signal around clone: the
 * container's process must start with default dispositions and an empty mask. */
static int64_t exec_program(const char *const *paths, int64_t index, const char *const *argv, const char *const *envp)
{
    struct kernel_sigaction action = {.handler = SIG_DFL};
    for (int signal = 1; signal <= 64; signal++) {
        if (signal != SIGKILL && signal != SIGSTOP)
            sys4(SYS_rt_sigaction, signal, &action, NULL, sizeof(uint64_t));
    }
    uint64_t empty = 0;
    sys4(SYS_rt_sigprocmask, SIG_SETMASK, &empty, NULL, sizeof empty);
    return sys3(SYS_execve, paths[index], argv, envp);
}

static __attribute__((noreturn)) void run_program(const struct ocirt_program *program)
{
    int64_t registers[OCIRT_REGISTERS] = {0};
    char scratch[OCIRT_SCRATCH_SLOTS][40];
    int sync_fd = program->sync_fd;

    for (uint32_t i = 0; i < program->count; i++) {
        const struct ocirt_op *op = &program->ops[i];
        int64_t a[OCIRT_MAX_ARGS];
        for (int k = 0; k < OCIRT_MAX_ARGS; k++)
            a[k] = (op->register_args & (1u << k)) ? registers[op->a[k] & (OCIRT_REGISTERS - 1)] : op->a[k];

        int64_t result;
        switch (op->code) {
        case OCIRT_OP_SYSCALL:
            result = raw_syscall6(op->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
            break;
        case OCIRT_OP_FD_PATH:
            result = (int64_t)format_fd_path(scratch[a[1] & (OCIRT_SCRATCH_SLOTS - 1)], a[0]);
            break;
        case OCIRT_OP_SYNC:
            result = sync_with_parent(sync_fd, a[0], a[1]);
            break;
        case OCIRT_OP_FORK: {
            /* The new process waits at a gate until FORKED is sent: its own reports must reach
             * the parent after that message, or the parent would act on the wrong pid. */
            int gate[2];
            result = sys2(SYS_pipe2, gate, O_CLOEXEC);
            if (result < 0)
                break;
            result = sys2(SYS_clone, SIGCHLD, 0);
            if (result == 0) {
                char go;
                sys1(SYS_close, gate[1]);
                sys3(SYS_read, gate[0], &go, 1);
                sys1(SYS_close, gate[0]);
                break;
            }
            sys1(SYS_close, gate[0]);
            if (result > 0) {
                send_message(sync_fd, OCIRT_MSG_FORKED, (int32_t)result, a[0] != 0);
                sys1(SYS_close, gate[1]);
                if (a[0] == 0)
                    child_exit(0);
                /* A waiting parent holds nothing: a pipe end kept here would keep the child's reader waiting. */
                sys3(SYS_close_range, 0, ~0U, 0);
                child_exit(wait_for(result));
            }
            sys1(SYS_close, gate[1]);
            break;
        }
        case OCIRT_OP_SEND_FD:
            result = send_fd(a[0], a[1], a[2]);
            break;
        case OCIRT_OP_FIND_EXECUTABLE:
            result = find_executable((const char *const *)a[0]);
            break;
        case OCIRT_OP_EXEC:
            result = exec_program((const char *const *)a[0], a[1], (const char *const *)a[2], (const char *const *)a[3]);
            break;
        case OCIRT_OP_MASK_WORD: {
            uint32_t *word = (uint32_t *)a[0];
            *word = (*word & (uint32_t)a[1]) | (uint32_t)a[2];
            result = *word;
            break;
        }
        case OCIRT_OP_WRITE_STRING:
            result = write_string(a[0], (const char *const *)a[1], a[2], a[3], (const char *)a[4]);
            break;
        case OCIRT_OP_CWD_IN_ROOT:
            result = cwd_in_root();
            break;
        case OCIRT_OP_VALUE:
            result = a[0];
            break;
        default:
            result = -ENOSYS;
            break;
        }

        if (result < 0 && result > -4096) {
            int alternate = op->alternate_errno == -1 ||
                            (op->alternate_errno != 0 && (-result == op->alternate_errno || -result == op->also_alternate_errno));
            if (!alternate)
                fail(sync_fd, i, result);
            if (op->result_register >= 0)
                registers[op->result_register & (OCIRT_REGISTERS - 1)] = result;
            i += op->skip_on_alternate;
            continue;
        }
        if (op->result_register >= 0)
            registers[op->result_register & (OCIRT_REGISTERS - 1)] = result;
        i += op->skip_on_success;
    }
    /* A program ends in an exec; running off its end is a compiler bug, not a success. */
    fail(sync_fd, program->count, -ENOEXEC);
}

/* The child's first frame when it shares the parent's memory: it must not return into the
 * frame of ocirt_spawn, which is the parent's, on a stack it does not have. */
static __attribute__((noreturn, used)) void shared_child_start(const struct ocirt_program *program)
{
    run_program(program);
}

/* clone3 whose child starts in shared_child_start on the stack args give, or -1 (as -EINVAL)
 * where no sequence is written for the architecture. Only rcx and r11 (x86_64), nothing
 * (aarch64), are clobbered by the kernel: the child finds the program and the function in the
 * registers the parent loaded. */
static int64_t clone3_shared(struct clone_args_v2 *args, const struct ocirt_program *program)
{
#if defined(__x86_64__)
    register int64_t rax __asm__("rax") = SYS_clone3;
    register int64_t rdi __asm__("rdi") = (int64_t)args;
    register int64_t rsi __asm__("rsi") = sizeof *args;
    register int64_t rdx __asm__("rdx") = (int64_t)program;
    register int64_t r8 __asm__("r8") = (int64_t)shared_child_start;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "xor %%ebp, %%ebp\n\t"
                     "mov %%rdx, %%rdi\n\t"
                     "call *%%r8\n\t"
                     "hlt\n"
                     "1:"
                     : "+r"(rax)
                     : "r"(rdi), "r"(rsi), "r"(rdx), "r"(r8)
                     : "rcx", "r11", "memory");
    return rax;
#elif defined(__aarch64__)
    register int64_t x8 __asm__("x8") = SYS_clone3;
    register int64_t x0 __asm__("x0") = (int64_t)args;
    register int64_t x1 __asm__("x1") = sizeof *args;
    register int64_t x2 __asm__("x2") = (int64_t)program;
    register int64_t x3 __asm__("x3") = (int64_t)shared_child_start;
    __asm__ volatile("svc 0\n\t"
                     "cbnz x0, 1f\n\t"
                     "mov x29, xzr\n\t"
                     "mov x30, xzr\n\t"
                     "mov x0, x2\n\t"
                     "blr x3\n\t"
                     "brk #0\n"
                     "1:"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3)
                     : "memory");
    return x0;
#else
    (void)args;
    (void)program;
    return -EINVAL;
#endif
}

/* A shared child runs on its own stack. It is never unmapped: the child may use it until its
 * exec, after ocirt_spawn returned, and an ocirt process lives for one command. */
#define SHARED_CHILD_STACK (256 * 1024)

int64_t ocirt_spawn(const struct ocirt_program *program, int32_t *pidfd_out)
{
    /* Block every signal around the clone so no .NET handler runs in the child before
     * CLONE_CLEAR_SIGHAND (or the program's exec) takes effect; the child inherits the mask. */
    uint64_t all = ~0ULL, saved = 0;
    sys4(SYS_rt_sigprocmask, SIG_SETMASK, &all, &saved, sizeof all);

    int32_t pidfd = -1;
    struct clone_args_v2 args;
    memset(&args, 0, sizeof args);
    args.flags = program->clone_flags | CLONE_PIDFD | CLONE_CLEAR_SIGHAND;
    args.pidfd = (uint64_t)(uintptr_t)&pidfd;
    args.exit_signal = SIGCHLD;
    if (program->cgroup_fd >= 0) {
        args.flags |= CLONE_INTO_CGROUP;
        args.cgroup = (uint64_t)program->cgroup_fd;
    }
    int64_t pid = -EINVAL;
    if (program->spawn_flags & OCIRT_SPAWN_SHARE_MEMORY) {
        /* No copy of the parent's page tables, and no copy-on-write faults in the parent
         * afterwards: a fifth of a `run`'s CPU for a 10 MB .NET process. */
        void *stack = mmap(NULL, SHARED_CHILD_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
        if (stack != MAP_FAILED) {
            struct clone_args_v2 shared = args;
            shared.flags |= CLONE_VM;
            shared.stack = (uint64_t)(uintptr_t)stack;
            shared.stack_size = SHARED_CHILD_STACK;
            pid = clone3_shared(&shared, program);
            if (pid < 0)
                munmap(stack, SHARED_CHILD_STACK);
        }
    }
    /* Also where sharing failed (an older kernel, no stack): a child with a copy of the memory. */
    if (pid < 0)
        pid = sys2(SYS_clone3, &args, sizeof args);
    if (pid == -ENOSYS && program->cgroup_fd < 0) {
        /* Kernels before 5.3: legacy clone, no pidfd, no handler clearing (signals stay blocked
         * and the exec op resets every disposition). All zero arguments: their order differs
         * between architectures but zeros read the same in any order. */
        pid = sys2(SYS_clone, (program->clone_flags & 0xffffffffULL) | SIGCHLD, 0);
        pidfd = -1;
    }
    if (pid == 0)
        run_program(program);

    sys4(SYS_rt_sigprocmask, SIG_SETMASK, &saved, NULL, sizeof saved);
    if (pidfd_out != NULL)
        *pidfd_out = pidfd;
    return pid;
}

/* CVE-2016-9962 class: `--preserve-fds N` and $LISTEN_FDS name the caller's fds 3..3+N-1. If the
 * caller had some of them closed, the .NET runtime and ocirt open their own fds at those numbers
 * (/dev/urandom, the state directory), and passing those on would hand the container a way to
 * the host's root. So which fds were open is noted here, as a constructor of the binary, before
 * the runtime's start-up opens anything. Under the JIT (tests) the library loads late and its
 * table means nothing; the NativeAOT binary links it statically, so this runs before main. */
static uint8_t caller_fds[OCIRT_CALLER_FD_LIMIT / 8];

static void note_caller_fd(int64_t fd)
{
    if (fd >= 0 && fd < OCIRT_CALLER_FD_LIMIT)
        caller_fds[fd / 8] |= (uint8_t)(1u << (fd % 8));
}

__attribute__((constructor)) static void note_caller_fds(void)
{
    int64_t dir = sys3(SYS_openat, AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        /* No /proc: ask each fd of the table's range instead. */
        for (int64_t fd = 0; fd < OCIRT_CALLER_FD_LIMIT; fd++)
            if (sys2(SYS_fcntl, fd, F_GETFD) >= 0)
                note_caller_fd(fd);
        return;
    }
    char buffer[4096];
    for (;;) {
        int64_t size = sys3(SYS_getdents64, dir, buffer, sizeof buffer);
        if (size <= 0)
            break;
        for (int64_t at = 0; at < size;) {
            /* struct linux_dirent64: d_ino, d_off (8 bytes each), d_reclen (2), d_type (1), d_name. */
            uint16_t length;
            memcpy(&length, buffer + at + 16, sizeof length);
            const char *name = buffer + at + 19;
            if (name[0] >= '0' && name[0] <= '9') {
                int64_t fd = 0;
                for (const char *c = name; *c >= '0' && *c <= '9'; c++)
                    fd = fd * 10 + (*c - '0');
                if (fd != dir)
                    note_caller_fd(fd);
            }
            at += length;
        }
    }
    sys1(SYS_close, dir);
}

int32_t ocirt_caller_fd_was_open(int32_t fd)
{
    return fd >= 0 && fd < OCIRT_CALLER_FD_LIMIT && (caller_fds[fd / 8] >> (fd % 8)) & 1;
}
