namespace Oci.Runtime.Spec;

/// <summary>What Linux's execve takes (fs/exec.c), so a process that cannot be executed is named before it is tried.</summary>
public static class ExecLimits
{
    /// <summary>MAX_ARG_STRLEN: 32 pages of 4 KiB for one argument or variable, its NUL included.</summary>
    public const int MaxArgStrlen = 32 * 4096;

    /// <summary>The bytes execve copies for argv and envp: each string with its NUL, and a pointer to each.</summary>
    public static long Size(IReadOnlyList<string>? args, IReadOnlyList<string>? env)
    {
        long size = 0;
        foreach (var list in new[] { args, env })
            foreach (var s in list ?? [])
                size += System.Text.Encoding.UTF8.GetByteCount(s) + 1 + sizeof(long);
        return size;
    }
}
