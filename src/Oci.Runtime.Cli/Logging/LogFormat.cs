namespace Oci.Runtime.Cli.Logging;

/// <summary>runc's two log formats: logrus's text formatter and its JSON formatter.</summary>
public enum LogFormat
{
    Text,
    Json,
}
