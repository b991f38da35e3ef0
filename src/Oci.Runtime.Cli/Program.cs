using System.Text;
using Microsoft.Win32.SafeHandles;
using Oci.Runtime.Cli;

// Plain writers on fds 1 and 2 instead of System.Console: Console's first use sets up terminal
// and signal handling (an extra thread and a pipe), a cost every engine call would pay.
var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
using var output = new StreamWriter(new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1), encoding);
using var errors = new StreamWriter(new FileStream(new SafeFileHandle(2, ownsHandle: false), FileAccess.Write, 1), encoding) { AutoFlush = true };
var exitCode = Application.Run(args, output, errors);
output.Flush();
return exitCode;
