namespace PolicyTracker.Extraction.Tests;

/// <summary>
/// Hand-written plans in styles the rules were not developed on (city and province plans, township units, bracketed
/// labels, tables with group rows and wrapped cells, undated single plans …): every task, its units, deadline and
/// targets must come out as a careful reader would label them.
/// </summary>
[Collection(FixtureCollection.Name)]
public class FixtureTests
{
    public static TheoryData<string> Names() => [.. FixtureCase.Names()];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_document_of_a_fixture_is_found_with_its_number_and_date(string name)
    {
        var fixture = FixtureCase.Load(name);
        var documents = fixture.Extract().Documents;
        Assert.Equal(
            fixture.Documents.Select(d => $"{d.StartLine} {d.DocNumber} {d.IssuedOn}"),
            documents.Select(d => $"{d.StartLine} {d.DocNumber} {d.IssuedOn}"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_task_of_a_fixture_is_found_with_its_units_deadline_and_targets(string name)
    {
        var fixture = FixtureCase.Load(name);
        var actual = FixtureCase.TasksOf(fixture.Extract());
        Assert.Equal(fixture.Tasks.Select(t => t.Line), actual.Select(t => t.Line));
        Assert.Equal(
            fixture.Tasks.Select(t => $"{t.Line}: {FixtureCase.Describe(t)}"),
            actual.Select(t => $"{t.Line}: {FixtureCase.Describe(t)}"));
    }
}
