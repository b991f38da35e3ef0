using Oci.Runtime.Spec;

namespace Oci.Runtime.Cgroups;

/// <summary>
/// A model of the v1 devices controller, to turn "the rules we want" into the writes that
/// get there from what devices.list says now (runc's devices emulator, same semantics):
/// the cgroup is either default-allow with deny exceptions or default-deny with allow
/// exceptions, and a rule naming type 'a' resets it to one of the two.
/// </summary>
internal sealed class DeviceEmulator
{
    private readonly record struct Key(char Type, long Major, long Minor);

    private const int R = 1, W = 2, M = 4;

    public bool DefaultAllow { get; private set; }

    private readonly Dictionary<Key, int> _rules = [];

    /// <summary>Each exception's key in the order the rules first named it: the v1 kernel lists
    /// devices.list in write order, and the spec says the rules apply in the order given.</summary>
    private readonly List<Key> _firstNamed = [];

    /// <summary>devices.list: "a *:* rwm" alone means allow-all, otherwise the allow exceptions
    /// of a default-deny cgroup.</summary>
    public static DeviceEmulator FromList(string list, string path)
    {
        var emulator = new DeviceEmulator();
        foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4 || f[0] is not ("a" or "b" or "c"))
                throw new OcirtException($"cgroups: {path}: malformed rule \"{line}\"");
            emulator.Apply(new DeviceRule(true, f[0][0], Number(f[1], path), Number(f[2], path), f[3]));
        }
        return emulator;
    }

    /// <summary>The exceptions to the default, as rules of the opposite verdict (allow rules of
    /// a default-deny cgroup, deny rules of a default-allow one), in devices.list order.</summary>
    public IEnumerable<DeviceRule> Exceptions =>
        Ordered(_rules).Select(r => new DeviceRule(!DefaultAllow, r.Key.Type, r.Key.Major, r.Key.Minor, Text(r.Value)));

    public static DeviceEmulator FromRules(IEnumerable<DeviceRule> rules)
    {
        var emulator = new DeviceEmulator();
        foreach (var rule in rules) emulator.Apply(rule);
        return emulator;
    }

    public void Apply(DeviceRule rule)
    {
        if (rule.Type == 'a')
        {
            DefaultAllow = rule.Allow;
            _rules.Clear();
            _firstNamed.Clear();
            return;
        }
        var key = new Key(rule.Type, rule.Major, rule.Minor);
        int perms = Bits(rule.Access);
        // A rule of the cgroup's own default removes (part of) an exception; the other kind adds one.
        if (rule.Allow == DefaultAllow) Remove(key, perms, rule);
        else
        {
            if (!_rules.ContainsKey(key)) _firstNamed.Add(key);
            _rules[key] = _rules.GetValueOrDefault(key) | perms;
        }
    }

    /// <summary>The writes from this state to target, as runc orders them: reset with an 'a'
    /// rule when the modes differ (or this one is allow-all), then drop lost permissions, then
    /// add gained ones. Lost ones are sorted by major, minor, type; gained ones come in the order
    /// the target's rules name them (the spec's rules, then runc's defaults), as crun writes them
    /// and as the runtime-tools suite reads devices.list back.</summary>
    public List<DeviceRule> TransitionTo(DeviceEmulator target)
    {
        var writes = new List<DeviceRule>();
        IReadOnlyDictionary<Key, int> old = _rules;
        if (DefaultAllow || DefaultAllow != target.DefaultAllow)
        {
            writes.Add(new DeviceRule(target.DefaultAllow, 'a', -1, -1, "rwm"));
            old = new Dictionary<Key, int>();
        }
        foreach (var (key, perms) in Ordered(old))
        {
            int dropped = perms & ~target._rules.GetValueOrDefault(key);
            if (dropped != 0) writes.Add(new DeviceRule(target.DefaultAllow, key.Type, key.Major, key.Minor, Text(dropped)));
        }
        foreach (var key in target._firstNamed)
        {
            int perms = target._rules[key];
            int gained = perms & ~old.GetValueOrDefault(key);
            if (gained != 0) writes.Add(new DeviceRule(!target.DefaultAllow, key.Type, key.Major, key.Minor, Text(gained)));
        }
        return writes;
    }

    /// <summary>v1 cannot punch a hole in a wildcard exception (deny c 1:3 under allow c *:* m
    /// would silently do nothing), so such a rule is refused, as runc does.</summary>
    private void Remove(Key key, int perms, DeviceRule rule)
    {
        foreach (var wider in new[] { key with { Major = -1 }, key with { Minor = -1 }, key with { Major = -1, Minor = -1 } })
        {
            if (wider == key) continue;
            if ((_rules.GetValueOrDefault(wider) & perms) != 0)
                throw new OcirtException($"linux.resources.devices: rule \"{rule.ToCgroupString()}\" ({(rule.Allow ? "allow" : "deny")}) cannot be expressed in the v1 devices cgroup: it punches a hole in the wildcard rule \"{new DeviceRule(!rule.Allow, wider.Type, wider.Major, wider.Minor, Text(_rules[wider])).ToCgroupString()}\"");
        }
        int left = _rules.GetValueOrDefault(key) & ~perms;
        if (left == 0)
        {
            _rules.Remove(key);
            _firstNamed.Remove(key);
        }
        else _rules[key] = left;
    }

    private static IEnumerable<KeyValuePair<Key, int>> Ordered(IReadOnlyDictionary<Key, int> rules) =>
        rules.OrderBy(r => r.Key.Major).ThenBy(r => r.Key.Minor).ThenBy(r => r.Key.Type);

    private static int Bits(string access) =>
        (access.Contains('r') ? R : 0) | (access.Contains('w') ? W : 0) | (access.Contains('m') ? M : 0);

    private static string Text(int bits) =>
        ((bits & R) != 0 ? "r" : "") + ((bits & W) != 0 ? "w" : "") + ((bits & M) != 0 ? "m" : "");

    private static long Number(string text, string path) =>
        text == "*" ? -1 : long.TryParse(text, out long n) && n >= 0 ? n : throw new OcirtException($"cgroups: {path}: bad device number \"{text}\"");
}
