using System.Reflection;
using System.Text.RegularExpressions;

namespace StreamForecast.Contracts.Tests;

public sealed partial class TopicNamesTests
{
    public static TheoryData<string> Names() => new(All());

    [Theory]
    [MemberData(nameof(Names))]
    public void Name_IsALegalKafkaTopicName(string name)
    {
        Assert.InRange(name.Length, 1, 249);
        Assert.Matches(LegalTopic(), name);
        Assert.NotEqual(".", name);
    }

    [Fact]
    public void Names_AreDistinct()
    {
        string[] names = All();
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
    }

    private static string[] All() =>
        [.. typeof(TopicNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (string)field.GetValue(null)!)];

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex LegalTopic();
}
