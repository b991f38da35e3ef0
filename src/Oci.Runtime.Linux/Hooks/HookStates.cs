using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Linux.Hooks;

/// <summary>The state document a hook reads on stdin, as the spec defines it.</summary>
public static class HookStates
{
    public static State Of(ContainerRecord record, string status) => new()
    {
        OciVersion = record.OciVersion,
        Id = record.Id,
        Status = status,
        Pid = record.Pid,
        Bundle = record.Bundle,
        Annotations = record.Annotations,
    };
}
