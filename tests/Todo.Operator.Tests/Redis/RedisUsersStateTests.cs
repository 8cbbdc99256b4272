using System.Text;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Redis;

/// <summary>
/// What the users Secret holds next: the internal passwords as stored, a copy of the app's password, and in Sentinel mode
/// the previous password from the change of the app's password until every API pod runs the new version.
/// </summary>
public sealed class RedisUsersStateTests
{
    private static readonly TodoApp Sentinel = TestApps.Create(spec => spec.Redis.Mode = RedisMode.Sentinel);

    [Fact]
    public void The_internal_passwords_are_kept_as_stored_and_made_only_for_a_user_that_has_none()
    {
        var stored = Secret(new() { [RedisUsers.Replication] = "kept-replication", [RedisUsers.ApiCopy] = "first" });

        var users = RedisUsersState.Next(Sentinel, stored, "first", "v1", Api("v1", rolledOut: true));

        Assert.Equal("kept-replication", users[RedisUsers.Replication]);
        Assert.Equal(32, users[RedisUsers.Sentinel].Length);
        Assert.Equal(32, users[RedisUsers.Exporter].Length);
        Assert.Equal("first", users[RedisUsers.ApiCopy]);
        Assert.DoesNotContain(RedisUsers.ApiPrevious, users.Keys);
    }

    [Fact]
    public void A_new_app_password_in_sentinel_mode_keeps_the_previous_one_while_the_api_runs_the_old_version()
    {
        var stored = Secret(new() { [RedisUsers.ApiCopy] = "first" });

        var started = RedisUsersState.Next(Sentinel, stored, "second", "v2", Api("v1", rolledOut: true));
        var rolling = RedisUsersState.Next(Sentinel, Secret(started), "second", "v2", Api("v2", rolledOut: false));
        var done = RedisUsersState.Next(Sentinel, Secret(rolling), "second", "v2", Api("v2", rolledOut: true));

        Assert.Equal(("second", "first"), (started[RedisUsers.ApiCopy], started[RedisUsers.ApiPrevious]));
        Assert.Equal("first", rolling[RedisUsers.ApiPrevious]);
        Assert.DoesNotContain(RedisUsers.ApiPrevious, done.Keys);
        Assert.Equal("second", done[RedisUsers.ApiCopy]);
    }

    [Fact]
    public void A_second_change_during_a_rotation_keeps_the_password_the_api_pods_were_last_given()
    {
        var rotating = Secret(new() { [RedisUsers.ApiCopy] = "second", [RedisUsers.ApiPrevious] = "first" });

        var users = RedisUsersState.Next(Sentinel, rotating, "third", "v3", Api("v1", rolledOut: true));

        Assert.Equal(("third", "second"), (users[RedisUsers.ApiCopy], users[RedisUsers.ApiPrevious]));
    }

    [Fact]
    public void Standalone_keeps_no_previous_password_its_one_pod_restarts_anyway()
    {
        var users = RedisUsersState.Next(TestApps.Create(), Secret(new() { [RedisUsers.ApiCopy] = "first" }), "second", "v2", Api("v1", rolledOut: true));

        Assert.Equal("second", users[RedisUsers.ApiCopy]);
        Assert.DoesNotContain(RedisUsers.ApiPrevious, users.Keys);
    }

    [Fact]
    public void An_app_without_an_api_deployment_keeps_no_previous_password_once_the_change_is_seen()
    {
        var rotating = Secret(new() { [RedisUsers.ApiCopy] = "second", [RedisUsers.ApiPrevious] = "first" });

        Assert.DoesNotContain(RedisUsers.ApiPrevious, RedisUsersState.Next(Sentinel, rotating, "second", "v2", api: null).Keys);
    }

    [Fact]
    public void The_server_version_changes_with_the_previous_password_and_the_client_version_does_not()
    {
        var internalUsers = RedisUsers.Internal.ToDictionary(user => user, user => $"{user}-password");
        var plain = ResolvedPassword.FromGenerated("second-password-0123456789abcdef");

        var rotating = plain.WithUsers(new Dictionary<string, string>(internalUsers) { [RedisUsers.ApiPrevious] = "first" });
        var done = plain.WithUsers(internalUsers);

        Assert.Equal(rotating.Version, done.Version);
        Assert.Equal(rotating.InternalVersion, done.InternalVersion);
        Assert.NotEqual(rotating.ServerVersion, done.ServerVersion);
        Assert.True(rotating.KeepsPrevious);
    }

    private static V1Secret Secret(Dictionary<string, string> data) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-redis-users", NamespaceProperty = TestApps.Namespace },
        Data = data.ToDictionary(pair => pair.Key, pair => Encoding.UTF8.GetBytes(pair.Value)),
    };

    private static V1Deployment Api(string version, bool rolledOut) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-api", Generation = 2 },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Annotations = RedisPasswordRules.Annotations(version) } },
        },
        Status = new V1DeploymentStatus { ObservedGeneration = 2, Replicas = rolledOut ? 2 : 3, UpdatedReplicas = rolledOut ? 2 : 1 },
    };
}
