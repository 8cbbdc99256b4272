namespace Todo.Operator.Runtime.Memory;

/// <summary>
/// Gives back the memory the GC keeps committed beyond its live heap. After a burst of work (a start on a thousand apps,
/// a thousand apps created) the GC keeps free regions for the allocations it expects next: 17 to 20 MiB above the live
/// heap at every heap size in bench runs, most of what an operator's RSS held beyond its caches and code, and never given
/// back while nothing allocates. Every <see cref="Interval"/> this looks at what the GC has committed beyond the heap its
/// last collection left; from <see cref="Slack"/> on, an aggressive full collection decommits it. A quiet operator is
/// only looked at; a busy one pays a blocking full collection of its heap per interval. Every 10 s, or only once quiet,
/// did no better in the bench (bench/README.md).
/// </summary>
internal sealed partial class HeapTrim(TimeProvider time, ILogger<HeapTrim> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>Committed memory beyond the live heap worth a full collection.</summary>
    public const long Slack = 8L << 20;

    /// <summary>Whether the GC holds <see cref="Slack"/> or more beyond the heap its last collection left.</summary>
    public static bool Due(long committedBytes, long heapBytes) => committedBytes - heapBytes >= Slack;

    /// <summary>Looks once, and collects aggressively when <see cref="Due"/>; true when it did.</summary>
    public bool TrimIfDue()
    {
        var before = GC.GetGCMemoryInfo();
        if (!Due(before.TotalCommittedBytes, before.HeapSizeBytes))
        {
            return false;
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var after = GC.GetGCMemoryInfo().TotalCommittedBytes;
        LogTrimmed(before.TotalCommittedBytes >> 10, after >> 10);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                TrimIfDue();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gave back the GC's free memory: {Before} KiB committed, now {After} KiB")]
    private partial void LogTrimmed(long before, long after);
}
