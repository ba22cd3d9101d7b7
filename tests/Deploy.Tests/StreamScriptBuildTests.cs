using System.Diagnostics;

namespace StreamForecast.Deploy.Tests;

/// <summary>The first build takes minutes: ./stream says so, and says it is still at it, instead of going silent.</summary>
public sealed class StreamScriptBuildTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-script-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AFirstBuild_SaysWhatItDoes_AndPrintsALineEvery15Seconds()
    {
        // A checkout with no stamp and a dotnet that takes 18 s to build.
        File.Copy(Repository.PathOf("stream"), Path.Combine(_directory, "stream"));
        Directory.CreateDirectory(Path.Combine(_directory, "src"));
        Directory.CreateDirectory(Path.Combine(_directory, "tests"));
        File.WriteAllText(Path.Combine(_directory, "Stream.sln"), "");
        string bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), "#!/bin/sh\nif [ \"$1\" = --list-sdks ]; then echo '10.0.100 [/fake]'; exit 0; fi\nsleep 18\n");
        Process.Start("chmod", ["+x", Path.Combine(bin, "dotnet")])!.WaitForExit();
        var start = new ProcessStartInfo("bash", [Path.Combine(_directory, "stream"), "build"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";

        using Process process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("stream: building (Release) (the first build restores packages and compiles everything: about two minutes)", error, StringComparison.Ordinal);
        Assert.Matches("stream: still building, 1[5-7] s", error);
        Assert.Matches("stream: built in 1[89] s", error);
        Assert.True(File.Exists(Path.Combine(_directory, ".stream", "build.stamp")));
    }
}
