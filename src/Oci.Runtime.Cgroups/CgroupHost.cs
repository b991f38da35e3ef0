using System.Text;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>One mounted cgroup hierarchy: where it is, which cgroup of the hierarchy is its
/// root (not "/" inside a cgroup namespace or a bind mount), and its controllers (v1 only;
/// "name=systemd" counts as one, as in /proc/self/cgroup).</summary>
public sealed record CgroupMount(string MountPoint, string Root, IReadOnlyList<string> Controllers);

/// <summary>
/// The host's cgroup layout, read from /proc/self/mountinfo and /proc/self/cgroup (both
/// injectable so tests parse samples). runc decides v1/v2 by statfs of /sys/fs/cgroup and
/// /sys/fs/cgroup/unified; mountinfo gives the same answer and also where each v1 controller
/// lives, which is needed anyway.
/// </summary>
public sealed class CgroupHost
{
    public CgroupMode Mode { get; }

    /// <summary>Every v1 hierarchy, one entry per mount (cpu and cpuacct may share one).</summary>
    public IReadOnlyList<CgroupMount> V1Mounts { get; }

    /// <summary>The cgroup2 mount: the only hierarchy when unified, the extra one when hybrid.</summary>
    public CgroupMount? Unified { get; }

    /// <summary>This process's cgroup in each hierarchy: key is the controller list entry of
    /// /proc/self/cgroup ("memory", "name=systemd"), "" for cgroup2.</summary>
    public IReadOnlyDictionary<string, string> OwnCgroups { get; }

    /// <summary>Huge page sizes as the cgroup files name them ("2MB", "1GB").</summary>
    public IReadOnlyList<string> HugePageSizes { get; }

    private CgroupHost(CgroupMode mode, IReadOnlyList<CgroupMount> v1, CgroupMount? unified,
        IReadOnlyDictionary<string, string> own, IReadOnlyList<string> hugePageSizes)
    {
        Mode = mode;
        V1Mounts = v1;
        Unified = unified;
        OwnCgroups = own;
        HugePageSizes = hugePageSizes;
    }

    public static CgroupHost Detect(string mountInfoPath = "/proc/self/mountinfo",
        string procCgroupPath = "/proc/self/cgroup", string hugePagesDir = "/sys/kernel/mm/hugepages")
    {
        string mountInfo, procCgroup;
        try
        {
            mountInfo = SmallFile.ReadText(mountInfoPath);
            procCgroup = SmallFile.ReadText(procCgroupPath);
        }
        catch (IOException e)
        {
            throw new OcirtException($"cgroups: cannot read the host layout: {e.Message}", e);
        }
        var sizes = Directory.Exists(hugePagesDir)
            ? Directory.GetDirectories(hugePagesDir).Select(Path.GetFileName).OfType<string>()
            : [];
        return Parse(mountInfo, procCgroup, sizes);
    }

    public static CgroupHost Parse(string mountInfo, string procCgroup, IEnumerable<string> hugePageDirNames)
    {
        var own = ParseProcCgroup(procCgroup);
        var v1 = new List<CgroupMount>();
        var seen = new HashSet<string>();
        CgroupMount? unified = null;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var fields = line[..dash].Split(' ');
            var tail = line[(dash + 3)..].Split(' ');
            if (fields.Length < 5 || tail.Length < 3) continue;
            string root = Unescape(fields[3]), mountPoint = Unescape(fields[4]);
            if (tail[0] == "cgroup2")
            {
                // The first cgroup2 mount wins; later ones are bind mounts of the same tree.
                unified ??= new CgroupMount(mountPoint, root, []);
            }
            else if (tail[0] == "cgroup")
            {
                // As runc: a controller is one this process is in (/proc/self/cgroup), and a
                // controller mounted twice is used at its first mount.
                var controllers = tail[2].Split(',').Where(o => own.ContainsKey(o) && seen.Add(o)).ToList();
                if (controllers.Count > 0) v1.Add(new CgroupMount(mountPoint, root, controllers));
            }
        }

        bool v1HasControllers = v1.Any(m => m.Controllers.Any(c => !c.StartsWith("name=", StringComparison.Ordinal)));
        CgroupMode mode;
        if (v1HasControllers) mode = unified is null ? CgroupMode.Legacy : CgroupMode.Hybrid;
        else if (unified is not null) mode = CgroupMode.Unified;
        else throw new OcirtException("cgroups: no cgroup filesystem is mounted (none in /proc/self/mountinfo)");
        if (mode == CgroupMode.Unified) v1.Clear();

        return new CgroupHost(mode, v1, unified, own, HugePageSizeNames(hugePageDirNames));
    }

    public CgroupMount? V1MountOf(string controller) => V1Mounts.FirstOrDefault(m => m.Controllers.Contains(controller));

    /// <summary>"hierarchy-ID:controller-list:cgroup-path" lines; v2 is "0::path".</summary>
    private static Dictionary<string, string> ParseProcCgroup(string text)
    {
        var own = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(':', 3);
            if (parts.Length < 3) throw new OcirtException($"cgroups: malformed /proc/self/cgroup line \"{line}\"");
            foreach (var controller in parts[1].Split(',')) own[controller] = parts[2];
        }
        return own;
    }

    /// <summary>hugepages-2048kB → 2MB, as runc names them (the kernel's hugetlb file names).</summary>
    private static List<string> HugePageSizeNames(IEnumerable<string> dirNames)
    {
        var sizes = new List<string>();
        foreach (var name in dirNames)
        {
            if (!name.StartsWith("hugepages-", StringComparison.Ordinal) || !name.EndsWith("kB", StringComparison.Ordinal)) continue;
            if (!long.TryParse(name["hugepages-".Length..^2], out long kb)) continue;
            sizes.Add(kb >= 1 << 20 ? $"{kb >> 20}GB" : kb >= 1 << 10 ? $"{kb >> 10}MB" : $"{kb}KB");
        }
        sizes.Sort(StringComparer.Ordinal);
        return sizes;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as \ooo.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var sb = new StringBuilder();
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && field[(i + 1)..(i + 4)].All(c => c is >= '0' and <= '7'))
            {
                sb.Append((char)Convert.ToInt32(field[(i + 1)..(i + 4)], 8));
                i += 3;
            }
            else sb.Append(field[i]);
        }
        return sb.ToString();
    }
}
