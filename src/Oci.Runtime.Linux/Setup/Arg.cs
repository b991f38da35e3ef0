using System.Globalization;

namespace Oci.Runtime.Linux.Setup;

public enum ArgKind
{
    /// <summary>A number passed as is.</summary>
    Value,
    /// <summary>A register the child fills at run time (an fd it opened, a path it formatted).</summary>
    Register,
    /// <summary>An offset into the program's data block; becomes an address when the program is laid out.</summary>
    Data,
}

/// <summary>One argument of a setup operation, with how the program listing shows it.</summary>
public readonly record struct Arg(ArgKind Kind, long Value, string Display)
{
    public static Arg Number(long value) => new(ArgKind.Value, value, value.ToString(CultureInfo.InvariantCulture));

    public static Arg Flags(long value, string names) => new(ArgKind.Value, value, names);

    public static Arg Octal(long value) => new(ArgKind.Value, value, "0" + Convert.ToString(value, 8));

    public static readonly Arg Null = new(ArgKind.Value, 0, "NULL");

    public static Arg In(Register register) => new(ArgKind.Register, register.Index, register.ToString());

    public override string ToString() => Display;
}

/// <summary>A register of the child's interpreter, named for the listing.</summary>
public readonly record struct Register(int Index, string Name)
{
    public override string ToString() => $"%{Name}";
}
