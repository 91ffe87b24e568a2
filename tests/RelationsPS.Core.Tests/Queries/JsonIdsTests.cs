using System.Text.Json;
using RelationsPS.Core.Compilation;

namespace RelationsPS.Core.Tests.Queries;

/// <summary>The id list parameter read by json_each is the JSON array a serializer writes.</summary>
public sealed class JsonIdsTests
{
    [Theory]
    [InlineData(new long[0])]
    [InlineData(new long[] { 7 })]
    [InlineData(new long[] { 1, -2, 30, long.MaxValue, long.MinValue })]
    public void Ids_are_a_json_array(long[] ids) =>
        Assert.Equal(JsonSerializer.Serialize(ids), JsonIds.Of(ids));
}
