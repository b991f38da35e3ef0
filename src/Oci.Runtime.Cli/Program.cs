using Oci.Runtime.Cli;

var output = Console.Out;
var exitCode = Application.Run(args, output, Console.Error);
output.Flush();
return exitCode;
