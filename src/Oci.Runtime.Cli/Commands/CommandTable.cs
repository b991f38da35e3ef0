using Oci.Runtime.Cli.CommandLine;

namespace Oci.Runtime.Cli.Commands;

/// <summary>Every verb of runc 1.1 with runc's flags, short forms and defaults.</summary>
public static class CommandTable
{
    private const string IdUsage = "<container-id>\n\nWhere \"<container-id>\" is your name for the instance of the container.";

    private static readonly Flag Bundle = new("bundle", FlagKind.String,
        "path to the root of the bundle directory, defaults to the current directory", Alias: "b");
    private static readonly Flag ConsoleSocket = new("console-socket", FlagKind.String,
        "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal");
    private static readonly Flag PidFile = new("pid-file", FlagKind.String, "specify the file to write the process id to");
    private static readonly Flag NoPivot = new("no-pivot", FlagKind.Bool,
        "do not use pivot root to jail process inside rootfs.  This should be used whenever the rootfs is on top of a ramdisk");
    private static readonly Flag NoNewKeyring = new("no-new-keyring", FlagKind.Bool,
        "do not create a new session keyring for the container.  This will cause the container to inherit the calling processes session key");
    private static readonly Flag PreserveFds = new("preserve-fds", FlagKind.Int,
        "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)", Default: "0");
    private static readonly Flag Detach = new("detach", FlagKind.Bool, "detach from the container's process", Alias: "d");
    private static readonly Flag Format = new("format", FlagKind.String, "select one of: table or json", Alias: "f", Default: "table");

    public static readonly IReadOnlyList<Command> All =
    [
        new("create", "create a container", IdUsage,
            [Bundle, ConsoleSocket, PidFile, NoPivot, NoNewKeyring, PreserveFds], 1, 1, CreateCommand.Run,
            Description: "The create command creates an instance of a container for a bundle. The bundle\nis a directory with a specification file named \"config.json\" and a root\nfilesystem."),
        new("run", "create and run a container", IdUsage,
            [Bundle, ConsoleSocket, Detach, new("keep", FlagKind.Bool, "do not delete the container after it exits"),
             PidFile, new("no-subreaper", FlagKind.Bool, "disable the use of the subreaper used to reap reparented processes"),
             NoPivot, NoNewKeyring, PreserveFds], 1, 1, RunCommand.Run),
        new("start", "executes the user defined process in a created container", IdUsage, [], 1, 1, StartCommand.Run),
        new("state", "output the state of a container", IdUsage, [], 1, 1, StateCommand.Run),
        new("kill", "kill sends the specified signal (default: SIGTERM) to the container's init process",
            "<container-id> [signal]\n\nWhere \"<container-id>\" is the name for the instance of the container and\n\"[signal]\" is the signal to be sent to the init process.",
            [new("all", FlagKind.Bool, "send the specified signal to all processes inside the container", Alias: "a")],
            1, 2, KillCommand.Run),
        new("delete", "delete any resources held by the container often used with detached container", IdUsage,
            [new("force", FlagKind.Bool, "Forcibly deletes the container if it is still running (uses SIGKILL)", Alias: "f")],
            1, 1, DeleteCommand.Run),
        new("exec", "execute new process inside the container",
            "<container-id> <command> [command options]  || -p process.json <container-id>",
            [
                ConsoleSocket,
                new("cwd", FlagKind.String, "current working directory in the container"),
                new("env", FlagKind.StringList, "set environment variables", Alias: "e"),
                new("tty", FlagKind.Bool, "allocate a pseudo-TTY", Alias: "t"),
                new("user", FlagKind.String, "UID (format: <uid>[:<gid>])", Alias: "u"),
                new("additional-gids", FlagKind.StringList, "additional gids", Alias: "g"),
                new("process", FlagKind.String, "path to the process.json", Alias: "p"),
                Detach,
                PidFile,
                new("process-label", FlagKind.String, "set the asm process label for the process commonly used with selinux"),
                new("apparmor", FlagKind.String, "set the apparmor profile for the process"),
                new("no-new-privs", FlagKind.Bool, "set the no new privileges value for the process"),
                new("cap", FlagKind.StringList, "add a capability to the bounding set for the process", Alias: "c"),
                PreserveFds,
                new("cgroup", FlagKind.StringList, "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>."),
                new("ignore-paused", FlagKind.Bool, "allow exec in a paused container"),
            ], 1, int.MaxValue, ExecCommand.Run, StopAtFirstPositional: true),
        new("ps", "ps displays the processes running inside a container", "<container-id> [ps options]",
            [Format], 1, int.MaxValue, PsCommand.Run, StopAtFirstPositional: true),
        new("list", "lists containers started by ocirt with the given root", "",
            [Format, new("quiet", FlagKind.Bool, "display only container IDs", Alias: "q")], 0, 0, ListCommand.Run),
        new("pause", "pause suspends all processes inside the container", IdUsage, [], 1, 1, PauseCommand.Run),
        new("resume", "resumes all processes that have been previously paused", IdUsage, [], 1, 1, ResumeCommand.Run),
        new("update", "update container resource constraints", "<container-id>",
            [
                new("resources", FlagKind.String, "path to the file containing the resources to update or '-' to read from the standard input", Alias: "r"),
                new("blkio-weight", FlagKind.Int, "Specifies per cgroup weight, range is from 10 to 1000"),
                new("cpu-period", FlagKind.String, "CPU CFS period to be used for hardcapping (in usecs). 0 to use system default"),
                new("cpu-quota", FlagKind.String, "CPU CFS hardcap limit (in usecs). Allowed cpu time in a given period"),
                new("cpu-share", FlagKind.String, "CPU shares (relative weight vs. other containers)"),
                new("cpu-rt-period", FlagKind.String, "CPU realtime period to be used for hardcapping (in usecs). 0 to use system default"),
                new("cpu-rt-runtime", FlagKind.String, "CPU realtime hardcap limit (in usecs). Allowed cpu time in a given period"),
                new("cpuset-cpus", FlagKind.String, "CPU(s) to use"),
                new("cpuset-mems", FlagKind.String, "Memory node(s) to use"),
                new("kernel-memory", FlagKind.String, "(obsoleted; do not use)"),
                new("kernel-memory-tcp", FlagKind.String, "(obsoleted; do not use)"),
                new("memory", FlagKind.String, "Memory limit (in bytes)"),
                new("memory-reservation", FlagKind.String, "Memory reservation or soft_limit (in bytes)"),
                new("memory-swap", FlagKind.String, "Total memory usage (memory + swap); set '-1' to enable unlimited swap"),
                new("pids-limit", FlagKind.Int, "Maximum number of pids allowed in the container"),
                new("l3-cache-schema", FlagKind.String, "The string of Intel RDT/CAT L3 cache schema"),
                new("mem-bw-schema", FlagKind.String, "The string of Intel RDT/MBA memory bandwidth schema"),
            ], 1, 1, UpdateCommand.Run),
        new("events", "display container events such as OOM notifications, cpu, memory, and IO usage statistics", IdUsage,
            [
                new("interval", FlagKind.Duration, "set the stats collection interval", Default: "5s"),
                new("stats", FlagKind.Bool, "display the container's stats then exit"),
            ], 1, 1, EventsCommand.Run),
        new("features", "show the enabled features", "", [], 0, 0, FeaturesCommand.Run,
            Description: "Show the enabled features.\n   The result is parsable as a JSON.\n   See https://github.com/opencontainers/runtime-spec/blob/main/features.md for the type definition."),
        new("spec", "create a new specification file", "",
            [
                new("bundle", FlagKind.String, "path to the root of the bundle directory", Alias: "b"),
                new("rootless", FlagKind.Bool, "generate a configuration for a rootless container"),
            ], 0, 0, SpecCommand.Run),
        new("validate", "check a bundle's config.json and list every problem (ocirt only)", "",
            [Bundle], 0, 0, ValidateCommand.Run),
        new("plan", "print the setup program create would run for a bundle, one syscall per line (ocirt only)", IdUsage,
            [Bundle, ConsoleSocket, PidFile, NoPivot, PreserveFds], 1, 1, PlanCommand.Run),
    ];

    /// <summary>Every verb also takes --help/-h.</summary>
    public static readonly Flag Help = new("help", FlagKind.Bool, "show help", Alias: "h");

    public static Command? Find(string name) => All.FirstOrDefault(c => c.Name == name);
}
