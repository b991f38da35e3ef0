namespace Oci.Runtime.Spec;

public static partial class SpecValidator
{
    private static void CheckResources(LinuxResources? resources, ProblemList problems)
    {
        if (resources is null)
            return;
        CheckDeviceRules(resources.Devices, problems);
        CheckMemory(resources.Memory, problems);
    }

    private static void CheckDeviceRules(List<LinuxDeviceCgroup>? rules, ProblemList problems)
    {
        for (var i = 0; i < rules?.Count; i++)
        {
            var at = SpecPath.Index("linux.resources.devices", i);
            var rule = rules[i];
            if (rule.Type is not (null or "" or "a" or "c" or "b"))
                problems.Add(SpecPath.Member(at, "type"), $"unknown device type \"{rule.Type}\" (want a, c or b)");
            // Other letters than r, w and m are ignored, as by runc (DeviceAccess.Warnings names them).
        }
    }

    // -1 is "unlimited" in the spec; anything below is a mistake the kernel would reject late.
    private static void CheckMemory(LinuxMemory? memory, ProblemList problems)
    {
        if (memory is null)
            return;
        CheckMemoryValue("linux.resources.memory.limit", memory.Limit, problems);
        CheckMemoryValue("linux.resources.memory.reservation", memory.Reservation, problems);
        CheckMemoryValue("linux.resources.memory.swap", memory.Swap, problems);
        if (memory.Swappiness is > 100 and var swappiness)
            problems.Add("linux.resources.memory.swappiness", $"must be between 0 and 100, got {swappiness}");
    }

    private static void CheckMemoryValue(string path, long? value, ProblemList problems)
    {
        if (value < -1)
            problems.Add(path, $"must be -1 (unlimited) or at least 0, got {value}");
    }
}
