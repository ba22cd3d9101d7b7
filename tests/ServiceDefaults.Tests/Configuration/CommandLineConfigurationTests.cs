using System.CommandLine;
using Microsoft.Extensions.Configuration;
using StreamForecast.ServiceDefaults.Configuration;
using StreamForecast.ServiceDefaults.Health;

namespace StreamForecast.ServiceDefaults.Tests.Configuration;

[Collection("process environment")]
public sealed class CommandLineConfigurationTests
{
    [Fact]
    public void Build_FlagGiven_WinsOverTheEnvironment_AndRepeatsJoinWithCommas()
    {
        var urls = new Option<string>("--urls");
        var names = new Option<string[]>("--name");
        var command = new Command("x") { urls, names };
        System.Environment.SetEnvironmentVariable("Health__Stall", "00:00:45");
        System.Environment.SetEnvironmentVariable("Health__Urls", "http://0.0.0.0:1");
        try
        {
            ParseResult result = command.Parse(["--urls", "http://127.0.0.1:2", "--name", "a", "--name", "b"]);
            IConfiguration configuration = CommandLineConfiguration.Build(result, [new(urls, "Health:Urls"), new(names, "Test:Names")]);
            HealthOptions options = OptionsBinding.Bind(configuration, HealthOptions.SectionName, new HealthOptionsValidator());
            Assert.Equal(("http://127.0.0.1:2", TimeSpan.FromSeconds(45)), (options.Urls, options.Stall));
            Assert.Equal("a,b", configuration["Test:Names"]);

            ParseResult none = command.Parse([]);
            Assert.Equal("http://0.0.0.0:1", CommandLineConfiguration.Build(none, [new(urls, "Health:Urls")])["Health:Urls"]);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("Health__Stall", null);
            System.Environment.SetEnvironmentVariable("Health__Urls", null);
        }
    }

    [Fact]
    public void Build_PairsFlag_SetsOneKeyPerName_AndANameWithASlashSurvives()
    {
        var modelFor = new Option<string[]>("--model-for");
        var command = new Command("x") { modelFor };

        IConfiguration configuration = CommandLineConfiguration.Build(command.Parse(["--model-for", "EUR/USD=/m/e.safetensors", "--model-for", "BTC-USD = b"]), [new(modelFor, "P:ModelFor", Pairs: true)]);

        var bound = configuration.GetSection("P:ModelFor").Get<Dictionary<string, string>>()!;
        Assert.Equal(new Dictionary<string, string> { ["EUR/USD"] = "/m/e.safetensors", ["BTC-USD"] = "b" }, bound);
        var error = Assert.Throws<FormatException>(() => CommandLineConfiguration.Build(command.Parse(["--model-for", "nothing"]), [new(modelFor, "P:ModelFor", Pairs: true)]));
        Assert.Contains("--model-for 'nothing' is not NAME=VALUE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadValue_FailsNamingTheKey()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Health:Urls", "ftp://nope")]).Build();
        var error = Assert.Throws<FormatException>(() => OptionsBinding.Bind(configuration, HealthOptions.SectionName, new HealthOptionsValidator()));
        Assert.Contains("Health:Urls", error.Message, StringComparison.Ordinal);

        IConfiguration unparsable = new ConfigurationBuilder().AddInMemoryCollection([new("Health:Stall", "soon")]).Build();
        Assert.Throws<FormatException>(() => OptionsBinding.Bind(unparsable, HealthOptions.SectionName, new HealthOptionsValidator()));
    }
}
