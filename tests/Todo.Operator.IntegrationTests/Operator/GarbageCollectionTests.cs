namespace Todo.Operator.IntegrationTests.Operator;

/// <summary>Deleting a TodoApp removes its children through their owner references (the controller-manager's GC).</summary>
public sealed class GarbageCollectionTests(OperatorFixture fixture) : OperatorTest(fixture)
{
    /// <summary>
    /// The garbage collector learns of a new CRD's kind only at its next discovery resync (every 30 s), and until
    /// then cannot confirm the owner is gone; the first collection after the CRD's installation can take that long.
    /// </summary>
    private static readonly TimeSpan CollectionTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Deleting_the_todoapp_garbage_collects_every_child()
    {
        await Samples.ApplyAsync(Space.Cluster, Samples.Staging, Space.Name, "collected", Cancellation);
        await TodoApps.ReportedAsync(Space.Admin, Space.Name, "collected", "Degraded=False", app => app.Condition("Degraded")?.Status == "False", Cancellation);
        var before = await Space.Children.ListAsync("collected", Cancellation);
        Assert.Equal(19, before.Count);

        await TodoApps.DeleteAsync(Space.Admin, Space.Name, "collected", Cancellation);

        await Eventually.UntilAsync(
            "the garbage collector deletes all 19 children",
            async token => (await Space.Children.ListAsync("collected", token)).Count == 0,
            CollectionTimeout,
            Cancellation);
        Assert.Null(await TodoApps.GetAsync(Space.Admin, Space.Name, "collected", Cancellation));
    }
}
