namespace Oci.Runtime.Lifecycle;

/// <summary>The OCI lifecycle states, plus runc's "paused".</summary>
public enum ContainerStatus
{
    Creating,
    Created,
    Running,
    Paused,
    Stopped,
}

public static class ContainerStatusNames
{
    /// <summary>The lower-case word the state document and `list` use.</summary>
    public static string ToWord(this ContainerStatus status) => status switch
    {
        ContainerStatus.Creating => "creating",
        ContainerStatus.Created => "created",
        ContainerStatus.Running => "running",
        ContainerStatus.Paused => "paused",
        _ => "stopped",
    };

    public static bool TryParse(string? word, out ContainerStatus status)
    {
        ContainerStatus? parsed = word switch
        {
            "creating" => ContainerStatus.Creating,
            "created" => ContainerStatus.Created,
            "running" => ContainerStatus.Running,
            "paused" => ContainerStatus.Paused,
            "stopped" => ContainerStatus.Stopped,
            _ => null,
        };
        status = parsed ?? default;
        return parsed is not null;
    }
}
