using System.Text.Encodings.Web;
using System.Text.Json;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Spec.Tests;

/// <summary>
/// The hand writers against the source-generated serializer they replaced in the binary, with
/// the options each document was written with: every property set (so none is forgotten or out
/// of order), and every optional one left unset (so what is omitted stays omitted).
/// </summary>
public sealed class DocumentWriterTests
{
    private static readonly SpecJsonContext Indented = new(new JsonSerializerOptions(SpecJsonContext.Default.Options)
    {
        WriteIndented = true, IndentCharacter = '\t', IndentSize = 1, NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    [Fact]
    public void AFullSpecIsWrittenAsTheSerializerWroteIt()
    {
        var spec = ModelFiller.Fill<Spec>();

        SpecWriter.Serialize(spec).Should().Be(JsonSerializer.Serialize(spec, Indented.Spec));
    }

    [Fact]
    public void AnEmptySpecLeavesOutWhatTheSerializerLeftOut()
    {
        var spec = new Spec { Process = new Process(), Root = new Root(), Linux = new LinuxConfig { Seccomp = new LinuxSeccomp() } };

        SpecWriter.Serialize(spec).Should().Be(JsonSerializer.Serialize(spec, Indented.Spec));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void TheDefaultSpecIsWrittenAsTheSerializerWroteIt(bool rootless, bool cgroupNamespace)
    {
        var spec = DefaultSpec.Create(rootless, cgroupNamespace, 1000, 1000);

        SpecWriter.Serialize(spec).Should().Be(JsonSerializer.Serialize(spec, Indented.Spec));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(4242, true)]
    public void HookStateAndListenerStateAreWrittenAsTheSerializerWroteThem(int pid, bool annotations)
    {
        var state = new State
        {
            OciVersion = "1.3.0", Id = "c<1>", Status = ContainerStatus.Created, Pid = pid, Bundle = "/b/ü",
            Annotations = annotations ? new() { ["a+b"] = "v&w", ["k"] = "\"" } : null,
        };
        var process = new ContainerProcessState { OciVersion = "1.3.0", Fds = ["seccompFd"], Pid = pid, Metadata = annotations ? "m" : null, State = state };

        StateDocumentWriter.ToUtf8(state).Should().Equal(JsonSerializer.SerializeToUtf8Bytes(state, SpecJsonContext.Default.State));
        StateDocumentWriter.ToUtf8(process).Should().Equal(JsonSerializer.SerializeToUtf8Bytes(process, SpecJsonContext.Default.ContainerProcessState));
        SpecWriter.Serialize(state).Should().Be(JsonSerializer.Serialize(state, Indented.State));
    }

    [Fact]
    public void FeaturesAreWrittenAsTheSerializerWroteThem()
    {
        var options = new JsonWriterOptions { Indented = true, IndentSize = 4 };
        var serializer = new SpecJsonContext(new JsonSerializerOptions(SpecJsonContext.Default.Options) { WriteIndented = true, IndentSize = 4 });
        foreach (var features in new[] { ModelFiller.Fill<Features>(), new Features { Linux = new LinuxFeatures { MountExtensions = new MountExtensionsFeatures() } } })
        {
            Documents.ToText(w => FeaturesWriter.Write(w, features), options).Should().Be(JsonSerializer.Serialize(features, serializer.Features));
            SpecWriter.Serialize(features).Should().Be(JsonSerializer.Serialize(features, Indented.Features));
        }
    }
}
