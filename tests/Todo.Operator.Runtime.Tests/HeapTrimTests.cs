using Microsoft.Extensions.Logging.Abstractions;
using Todo.Operator.Runtime.Memory;

namespace Todo.Operator.Runtime.Tests;

/// <summary>The GC's committed memory is process-wide: these run alone, so no other test's allocations blur it.</summary>
[Collection(nameof(HeapTrimTests))]
[CollectionDefinition(nameof(HeapTrimTests), DisableParallelization = true)]
public sealed class HeapTrimTests
{
    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(HeapTrim.Slack - 1, 0, false)]
    [InlineData(HeapTrim.Slack, 0, true)]
    [InlineData(HeapTrim.Slack + (100 << 20), 100 << 20, true)]
    [InlineData(100 << 20, 100 << 20, false)]
    public void Only_committed_memory_beyond_the_heap_by_the_slack_is_worth_a_collection(long committed, long heap, bool due) =>
        Assert.Equal(due, HeapTrim.Due(committed, heap));

    [Fact]
    public void After_a_burst_the_memory_the_GC_kept_beyond_the_heap_is_given_back()
    {
        Burst();
        GC.Collect();
        var before = GC.GetGCMemoryInfo();
        Assert.True(HeapTrim.Due(before.TotalCommittedBytes, before.HeapSizeBytes), $"the burst left {Mib(before.TotalCommittedBytes - before.HeapSizeBytes)} MiB beyond the heap");

        Assert.True(new HeapTrim(TimeProvider.System, NullLogger<HeapTrim>.Instance).TrimIfDue());

        var after = GC.GetGCMemoryInfo();
        Assert.False(
            HeapTrim.Due(after.TotalCommittedBytes, after.HeapSizeBytes),
            $"{Mib(after.TotalCommittedBytes - after.HeapSizeBytes)} MiB still committed beyond the heap ({Mib(before.TotalCommittedBytes)} MiB committed before, {Mib(after.TotalCommittedBytes)} after)");
    }

    /// <summary>What an informer's first list does to the heap: 64 MiB of small objects held across collections, then dropped.</summary>
    private static void Burst()
    {
        var held = new List<byte[]>();
        for (var i = 0; i < 64 * 1024; i++)
        {
            held.Add(new byte[1024]);
            if (i % 8192 == 0)
            {
                GC.Collect(0);
            }
        }

        GC.KeepAlive(held);
    }

    private static long Mib(long bytes) => bytes >> 20;
}
