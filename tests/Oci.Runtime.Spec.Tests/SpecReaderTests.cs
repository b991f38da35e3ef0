using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Oci.Runtime.Spec.Json;

namespace Oci.Runtime.Spec.Tests;

/// <summary>
/// The hand-written readers and writers against the source-generated serializer, which stays
/// the oracle here: a model filled in every property by reflection must come back whole, so a
/// property added to the model but not to <see cref="SpecReader"/> fails these tests.
/// </summary>
public sealed class SpecReaderTests
{
    public static TheoryData<string> ValidNames => Fixtures.Names(Fixtures.Valid);

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Every_valid_fixture_reads_as_the_serializer_reads_it(string name)
    {
        var json = File.ReadAllBytes(Path.Combine(Fixtures.Valid, name + ".json"));

        var ours = SpecReader.ReadSpec(json);
        var theirs = JsonSerializer.Deserialize(json, SpecJsonContext.Default.Spec);

        Serialized(ours!, SpecJsonContext.Default.Spec).Should().Be(Serialized(theirs!, SpecJsonContext.Default.Spec));
    }

    [Fact]
    public void A_spec_with_every_property_set_reads_back_whole()
    {
        var spec = ModelFiller.Fill<Spec>();
        var json = JsonSerializer.SerializeToUtf8Bytes(spec, SpecJsonContext.Default.Spec);

        var read = SpecReader.ReadSpec(json)!;

        Serialized(read, SpecJsonContext.Default.Spec).Should().Be(Encoding.UTF8.GetString(json));
        read.Linux!.Resources!.BlockIO!.ThrottleWriteIopsDevice.Should().HaveCount(2, "the filler fills lists, so the comparison means something");
    }

    [Fact]
    public void A_process_and_exec_defaults_with_every_property_set_read_back_whole()
    {
        var spec = ModelFiller.Fill<Spec>();
        var json = JsonSerializer.SerializeToUtf8Bytes(spec, SpecJsonContext.Default.Spec);
        var processJson = JsonSerializer.SerializeToUtf8Bytes(spec.Process!, SpecJsonContext.Default.Process);

        var process = SpecReader.ReadProcess(processJson)!;
        var defaults = SpecReader.ReadExecDefaults(json)!;

        Serialized(process, SpecJsonContext.Default.Process).Should().Be(Encoding.UTF8.GetString(processJson));
        Serialized(defaults.Process!, SpecJsonContext.Default.Process).Should().Be(Encoding.UTF8.GetString(processJson));
        Serialized(defaults.Linux!.Seccomp!, SpecJsonContext.Default.LinuxSeccomp)
            .Should().Be(Serialized(spec.Linux!.Seccomp!, SpecJsonContext.Default.LinuxSeccomp));
        defaults.Linux.Personality!.Domain.Should().Be(spec.Linux.Personality!.Domain);
    }

    [Fact]
    public void Resources_and_hooks_written_by_hand_read_back_whole()
    {
        var resources = ModelFiller.Fill<LinuxResources>();
        var hooks = ModelFiller.Fill<Hooks>();

        var readResources = SpecReader.ReadResources(Written(w => SpecPartsWriter.WriteResources(w, resources)))!;
        var readHooks = SpecReader.ReadHooks(Written(w => SpecPartsWriter.WriteHooks(w, hooks)))!;

        Serialized(readResources, SpecJsonContext.Default.LinuxResources).Should().Be(Serialized(resources, SpecJsonContext.Default.LinuxResources));
        Serialized(readHooks, SpecJsonContext.Default.Hooks).Should().Be(Serialized(hooks, SpecJsonContext.Default.Hooks));
    }

    [Fact]
    public void Written_parts_leave_out_what_is_not_set()
    {
        var json = Encoding.UTF8.GetString(Written(w => SpecPartsWriter.WriteResources(w, new LinuxResources { Pids = new LinuxPids() })));

        json.Should().Be("""{"pids":{}}""");
    }

    [Theory]
    [InlineData("""{"process": {"args": "sh"}}""", "process.args: expected an array (line 1)")]
    [InlineData("""{"process": {"user": {"uid": -1}}}""", "process.user.uid: expected an unsigned 32-bit integer (line 1)")]
    [InlineData("""{"process": {"user": {"additionalGids": [1, "2"]}}}""", "process.user.additionalGids[1]: expected an unsigned 32-bit integer (line 1)")]
    [InlineData("""{"process": {"terminal": null}}""", "process.terminal: expected true or false (line 1)")]
    [InlineData("""{"linux": {"seccomp": {"syscalls": [{"names": null}]}}}""", "linux.seccomp.syscalls[0].names: must not be null (line 1)")]
    [InlineData("""{"linux": {"resources": {"blockIO": {"weight": 70000}}}}""", "linux.resources.blockIO.weight: expected an unsigned 16-bit integer (line 1)")]
    [InlineData("""{"linux": {"sysctl": []}}""", "linux.sysctl: expected an object (line 1)")]
    [InlineData("""{"mounts": [{"destination": "/a"}, 3]}""", "mounts[1]: expected an object (line 1)")]
    [InlineData("[1]", "expected an object (line 1)")]
    [InlineData("{\n\"hooks\": {\n\"poststop\": [\n{\"path\": \"/x\",\n\"timeout\": 1.5}]}}", "hooks.poststop[0].timeout: expected a 32-bit integer (line 5)")]
    public void Errors_name_the_path_what_was_expected_and_the_line(string json, string message)
    {
        var act = () => SpecLoader.Parse(json, "config.json");

        act.Should().Throw<OcirtException>().WithMessage("config.json: " + message);
    }

    [Fact]
    public void A_syntax_error_names_the_path_it_was_found_at()
    {
        var act = () => SpecLoader.Parse("""{"process": {"args": ["sh",]}}""", "config.json");

        act.Should().Throw<OcirtException>().WithMessage("config.json: process.args*: trailing commas are not allowed in JSON (line 1)");
    }

    [Fact]
    public void A_repeated_property_replaces_the_earlier_one()
    {
        var spec = SpecLoader.Parse("""{"hostname": "a", "hostname": "b"}""", "config.json");

        spec.Hostname.Should().Be("b");
    }

    private static string Serialized<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Serialize(value, type);

    private static byte[] Written(Action<Utf8JsonWriter> write)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            write(writer);
        return stream.ToArray();
    }
}
