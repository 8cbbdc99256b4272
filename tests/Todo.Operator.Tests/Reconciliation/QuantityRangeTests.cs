using k8s.Models;
using Todo.Operator.Reconciliation;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// Any quantity the CRD's pattern admits gives either a working child or a Degraded status naming the field, never an
/// exception that stalls the app with no status or event (#17 item 7): Redis' maxmemory is a 64-bit count of bytes.
/// </summary>
public sealed class QuantityRangeTests
{
    [Theory]
    [InlineData("100E")]
    [InlineData("12.5E")]
    [InlineData("99e99")]
    public async Task A_redis_memory_limit_beyond_what_redis_can_take_is_reported_on_the_field(string limit)
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.Resources.Limits["memory"] = new ResourceQuantity(limit));

        var result = await harness.ReconcileAsync(app);

        Assert.True(result.IsSuccess);
        Assert.Equal(("True", "InvalidMemoryLimit"), (app.Condition(ConditionTypes.Degraded)?.Status, app.Condition(ConditionTypes.Degraded)?.Reason));
        Assert.Contains("spec.redis.resources.limits.memory: '", app.Condition(ConditionTypes.Ready)?.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Server.Stored(ResourceType.Of<V1StatefulSet>()));
        Assert.Contains(harness.Events.Recorded, recorded => recorded.Reason == "InvalidMemoryLimit");
    }

    /// <summary>Binary quantities beyond 2^63 - 1 bytes are read as 2^63 - 1, as the API server reads them: Redis then gets three quarters of that.</summary>
    [Theory]
    [InlineData("7Ei", "6052837899185946624")]
    [InlineData("99999999999999999Ei", "6917529027641081855")]
    public async Task A_memory_limit_redis_can_take_makes_a_statefulset_with_its_maxmemory(string limit, string maxMemory)
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create(spec => spec.Redis.Resources.Limits["memory"] = new ResourceQuantity(limit));

        await harness.ReconcileAsync(app);

        var args = ((V1StatefulSet)Assert.Single(harness.Server.Stored(ResourceType.Of<V1StatefulSet>()))).Spec.Template.Spec.Containers[0].Args;
        Assert.Equal(maxMemory, args[args.IndexOf("--maxmemory") + 1]);
    }
}
