using System.Globalization;

namespace Oci.Runtime.Cli.CommandLine;

/// <summary>Go's time.ParseDuration for the units people type: ns, us/µs, ms, s, m, h, combined ("1m30s").</summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0")
            return true;
        var rest = text.AsSpan();
        double totalNanoseconds = 0;
        if (rest.IsEmpty)
            return false;
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
                numberLength++;
            var unitLength = 0;
            while (numberLength + unitLength < rest.Length && !char.IsAsciiDigit(rest[numberLength + unitLength]))
                unitLength++;
            if (numberLength == 0 || unitLength == 0 ||
                !double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                return false;
            double? scale = rest.Slice(numberLength, unitLength) switch
            {
                "ns" => 1,
                "us" or "µs" => 1e3,
                "ms" => 1e6,
                "s" => 1e9,
                "m" => 60e9,
                "h" => 3600e9,
                _ => null,
            };
            if (scale is null)
                return false;
            totalNanoseconds += number * scale.Value;
            rest = rest[(numberLength + unitLength)..];
        }
        value = TimeSpan.FromTicks((long)(totalNanoseconds / 100));
        return true;
    }
}
