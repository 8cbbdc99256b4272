using k8s.Models;
using Todo.Operator.Redis;

namespace Todo.Operator.Tests.Children;

/// <summary>Claims, their class and the spec's size in; the claims to patch and what the status says out.</summary>
public sealed class RedisVolumeExpansionTests
{
    private static readonly V1StorageClass Expandable = Class("fast", allow: true);

    [Fact]
    public void Claims_asking_for_less_are_patched_where_the_class_allows_expansion()
    {
        var decision = RedisVolumeExpansion.Decide([Claim("data-shop-redis-0", "1Gi"), Claim("data-shop-redis-1", "2Gi"), Claim("data-shop-redis-2", "1536Mi")], "fast", Expandable, "2Gi");

        Assert.Equal(["data-shop-redis-0", "data-shop-redis-2"], decision.Patch);
        Assert.Equal(RedisVolumeExpansion.Expanding, decision.Reason);
        Assert.Equal("""{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}""", k8s.KubernetesJson.Serialize(RedisVolumeExpansion.Patch("2Gi")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void Nothing_is_patched_where_the_class_does_not_allow_expansion_and_the_status_says_why(bool? allow)
    {
        var decision = RedisVolumeExpansion.Decide([Claim("data-shop-redis-0", "1Gi")], "slow", Class("slow", allow), "2Gi");

        Assert.Empty(decision.Patch);
        Assert.Equal(RedisVolumeExpansion.NotExpandable, decision.Reason);
        Assert.Contains("StorageClass slow does not allow volume expansion", decision.Message, StringComparison.Ordinal);
        Assert.Contains("PersistentVolumeClaim data-shop-redis-0 is not expanded to 2Gi", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_class_or_one_that_cannot_be_read_nothing_is_patched()
    {
        var none = RedisVolumeExpansion.Decide([Claim("data-shop-redis-0", "1Gi")], className: null, storageClass: null, "2Gi");
        var unreadable = RedisVolumeExpansion.Decide([Claim("data-shop-redis-0", "1Gi")], "gone", storageClass: null, "2Gi");

        Assert.Equal((RedisVolumeExpansion.NotExpandable, 0), (none.Reason, none.Patch.Count));
        Assert.Contains("has no StorageClass", none.Message, StringComparison.Ordinal);
        Assert.Equal((RedisVolumeExpansion.NotExpandable, 0), (unreadable.Reason, unreadable.Patch.Count));
        Assert.Contains("StorageClass gone of PersistentVolumeClaim data-shop-redis-0 cannot be read", unreadable.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1Gi", null)]
    [InlineData("2Gi", "Resizing")]
    [InlineData("2Gi", "FileSystemResizePending")]
    public void A_claim_that_asks_for_the_size_is_in_progress_until_its_capacity_has_it_and_no_resize_is_pending(string capacity, string? condition)
    {
        var claim = Claim("data-shop-redis-0", "2Gi", capacity, condition);

        var decision = RedisVolumeExpansion.Decide([claim], "fast", Expandable, "2Gi");

        Assert.Empty(decision.Patch);
        Assert.Equal(RedisVolumeExpansion.Expanding, decision.Reason);
        Assert.Contains("being expanded to 2Gi", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_at_the_size_bound_or_not_yet_bound_need_nothing()
    {
        var decision = RedisVolumeExpansion.Decide([Claim("data-shop-redis-0", "2Gi", "2Gi"), Claim("data-shop-redis-1", "2Gi"), Claim("data-shop-redis-2", "4Gi", "4Gi")], "fast", Expandable, "2Gi");

        Assert.Equal(([], null), (decision.Patch, decision.Reason));
    }

    private static V1StorageClass Class(string name, bool? allow) => new() { Metadata = new V1ObjectMeta { Name = name }, AllowVolumeExpansion = allow, Provisioner = "example.com/csi" };

    private static V1PersistentVolumeClaim Claim(string name, string request, string? capacity = null, string? condition = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PersistentVolumeClaimSpec
        {
            StorageClassName = "fast",
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(request) } },
        },
        Status = capacity is null ? null : new V1PersistentVolumeClaimStatus
        {
            Phase = "Bound",
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(capacity) },
            Conditions = condition is null ? null : [new V1PersistentVolumeClaimCondition { Type = condition, Status = "True" }],
        },
    };
}
