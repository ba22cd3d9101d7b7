namespace StreamForecast.Predictor.Tools.Cli;

/// <summary>Turns the errors a user can cause (bad files, bad flags) into one line on stderr and exit code 2.</summary>
internal static class CommandErrors
{
    public static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }
}
