namespace Oci.Runtime.Spec.Tests;

/// <summary>
/// Every spec-fixtures/valid/*.json loads and validates cleanly; every invalid/NAME.json
/// produces exactly the problems listed in NAME.expected, or, for a document that does
/// not parse, an error containing the one expected line.
/// </summary>
public sealed class FixtureTests
{
    public static TheoryData<string> ValidNames => Fixtures.Names(Fixtures.Valid);

    public static TheoryData<string> InvalidNames => Fixtures.Names(Fixtures.Invalid);

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_fixture_has_no_problems(string name)
    {
        var spec = LoadAsBundle(Path.Combine(Fixtures.Valid, name + ".json"));

        SpecValidator.Validate(spec).Select(p => p.ToString()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_fixture_reports_expected_problems(string name)
    {
        var json = Path.Combine(Fixtures.Invalid, name + ".json");
        var expected = File.ReadAllLines(Path.ChangeExtension(json, ".expected")).Where(l => l.Length > 0).ToList();
        expected.Should().NotBeEmpty("every invalid fixture needs its .expected file");

        using var bundle = new TempBundle().WithConfig(File.ReadAllText(json));
        Spec spec;
        try
        {
            spec = SpecLoader.Load(bundle.Path);
        }
        catch (OcirtException e)
        {
            expected.Should().ContainSingle("a parse failure has one expected line");
            e.Message.Should().StartWith(bundle.ConfigPath + ": ").And.Contain(expected[0]);
            return;
        }
        SpecValidator.Validate(spec).Select(p => p.ToString()).Should().Equal(expected);
    }

    [Fact]
    public void There_are_enough_invalid_fixtures()
    {
        Directory.GetFiles(Fixtures.Invalid, "*.json").Should().HaveCountGreaterThanOrEqualTo(20);
    }

    private static Spec LoadAsBundle(string file)
    {
        using var bundle = new TempBundle().WithConfig(File.ReadAllText(file));
        return SpecLoader.Load(bundle.Path);
    }
}
