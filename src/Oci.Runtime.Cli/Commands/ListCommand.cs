using System.Text;
using Oci.Runtime.Lifecycle;
using Oci.Runtime.Spec;

namespace Oci.Runtime.Cli.Commands;

/// <summary>`list`: runc's table, or --format json, or -q for ids only.</summary>
public static class ListCommand
{
    public static int Run(CommandContext context)
    {
        var format = context.Args.String("format");
        if (format is not ("table" or "json"))
            throw new OcirtException($"invalid format option \"{format}\": use table or json");
        var views = context.Containers.ListViews(
            (id, problem) => context.Errors.WriteLine($"load container {id}: {problem}"));
        if (context.Args.Bool("quiet"))
        {
            foreach (var view in views)
                context.Out.WriteLine(view.Id);
        }
        else if (format == "json")
        {
            context.Out.WriteLine(ContainerStateView.ToJsonArray(views));
        }
        else
        {
            context.Out.Write(Table(views));
        }
        return 0;
    }

    /// <summary>Laid out like Go's tabwriter with runc's settings (min width 12, padding 3).</summary>
    internal static string Table(IEnumerable<ContainerStateView> views)
    {
        var rows = new List<string[]> { new[] { "ID", "PID", "STATUS", "BUNDLE", "CREATED", "OWNER" } };
        rows.AddRange(views.Select(v => new[] { v.Id, v.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Status, v.Bundle, v.Created, v.Owner }));
        const int minWidth = 12, padding = 3;
        var columns = rows[0].Length;
        var widths = new int[columns];
        for (var c = 0; c < columns - 1; c++)
            widths[c] = Math.Max(minWidth, rows.Max(r => r[c].Length) + padding);
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < columns - 1; c++)
                text.Append(row[c].PadRight(widths[c]));
            text.Append(row[^1]).Append('\n');
        }
        return text.ToString();
    }
}
