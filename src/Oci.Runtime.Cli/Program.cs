using System.Text;
using Oci.Runtime.Cli;

var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var output = new StreamWriter(new StandardStream(1), encoding);
using var errors = new StreamWriter(new StandardStream(2), encoding) { AutoFlush = true };
var exitCode = Application.Run(args, output, errors);
output.Flush();
return exitCode;
