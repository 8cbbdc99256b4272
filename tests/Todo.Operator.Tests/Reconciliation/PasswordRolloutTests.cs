using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Runtime;
using Todo.Operator.Tests.Fakes;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Reconciliation;

/// <summary>
/// A new password in the Secret the app names rolls Redis, and the API only once Redis runs it: every API pod started
/// after that finds Redis on the password it reads, and none is rolled onto a password Redis does not have yet. Redis'
/// template carries the server version (which covers its users' passwords too), the API's that of the app's password.
/// </summary>
public sealed class PasswordRolloutTests
{
    private const string Annotation = "todo.gitops.dev/redis-password-version";

    private static readonly ResourceType StatefulSets = ResourceType.Of<V1StatefulSet>();
    private static readonly ResourceType Deployments = ResourceType.Of<V1Deployment>();

    [Fact]
    public async Task A_new_password_rolls_redis_first_and_the_api_once_redis_runs_it()
    {
        var harness = new ReconcilerHarness();
        harness.Server.Seed(Secret("first-password"));
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "vault", Key = "password" });
        await harness.ReconcileAsync(app);
        var first = Version(harness, StatefulSets, "shop-redis");
        var apiFirst = Version(harness, Deployments, "shop-api");
        harness.ReportRolledOut(TestApps.Namespace, "shop");

        harness.Server.Seed(Secret("second-password"));
        await harness.ReconcileAsync(app);

        Assert.NotEqual(first, Version(harness, StatefulSets, "shop-redis"));
        Assert.Equal(apiFirst, Version(harness, Deployments, "shop-api"));

        await harness.ReconcileAsync(app);
        Assert.Equal(apiFirst, Version(harness, Deployments, "shop-api"));

        harness.ReportRolledOut(TestApps.Namespace, "shop");
        await harness.ReconcileAsync(app);

        Assert.NotEqual(apiFirst, Version(harness, Deployments, "shop-api"));
    }

    [Fact]
    public async Task The_version_on_the_pod_templates_tells_nothing_of_a_chosen_password()
    {
        var harness = new ReconcilerHarness();
        harness.Server.Seed(Secret("hunter2"));
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "vault", Key = "password" });

        await harness.ReconcileAsync(app);

        var version = Version(harness, StatefulSets, "shop-redis");
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData("hunter2"u8))[..16], version);
        Assert.DoesNotContain("hunter2", version, StringComparison.Ordinal);
    }

    /// <summary>
    /// A write to the user's Secret that leaves the password as it is (a label, an annotation, another key, a refresh by
    /// External Secrets writing the same value) restarts neither Redis nor the API (#17 item 3).
    /// </summary>
    [Fact]
    public async Task A_write_to_the_secret_that_keeps_the_password_rolls_nothing()
    {
        var harness = new ReconcilerHarness();
        harness.Server.Seed(Secret("first-password"));
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "vault", Key = "password" });
        await harness.ReconcileAsync(app);
        var (version, apiVersion) = (Version(harness, StatefulSets, "shop-redis"), Version(harness, Deployments, "shop-api"));
        harness.ReportRolledOut(TestApps.Namespace, "shop");
        var written = Secret("first-password");
        written.Metadata.Annotations = new Dictionary<string, string> { ["reconcile.external-secrets.io/data-hash"] = "2f1c" };
        written.Data["username"] = "default"u8.ToArray();
        harness.Server.Seed(written);
        var writes = harness.Server.Writes.Count;

        await harness.ReconcileAsync(app);
        await harness.ReconcileAsync(app);

        Assert.Equal(version, Version(harness, StatefulSets, "shop-redis"));
        Assert.Equal(apiVersion, Version(harness, Deployments, "shop-api"));
        Assert.DoesNotContain(harness.WritesSince(writes), write => write.StartsWith("apply", StringComparison.Ordinal));
    }

    /// <summary>
    /// The version is keyed with a secret of the app's own: two apps with one password show different versions, so a pod
    /// template tells nothing of whether two apps share a password, nor lets anyone test guesses against it.
    /// </summary>
    [Fact]
    public async Task Two_apps_with_one_password_show_different_versions()
    {
        var harness = new ReconcilerHarness();
        harness.Server.Seed(Secret("shared-password"));
        var shop = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "vault", Key = "password" });
        var blog = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "vault", Key = "password" });
        blog.Metadata.Name = "blog";
        blog.Metadata.Uid = "b1090000-0000-4000-8000-000000000003";

        await harness.ReconcileAsync(shop);
        await harness.ReconcileAsync(blog);

        Assert.NotEqual(Version(harness, StatefulSets, "shop-redis"), Version(harness, StatefulSets, "blog-redis"));
    }

    [Fact]
    public async Task A_generated_password_gives_the_templates_versions_that_stay()
    {
        var harness = new ReconcilerHarness();
        var app = TestApps.Create();

        await harness.ReconcileAsync(app);
        var (redis, api) = (Version(harness, StatefulSets, "shop-redis"), Version(harness, Deployments, "shop-api"));
        app.Spec.Image.Tag = "1.2.4";
        await harness.ReconcileAsync(app);

        Assert.Equal(api, Version(harness, Deployments, "shop-api"));
        Assert.Equal(redis, Version(harness, StatefulSets, "shop-redis"));
    }

    private static string Version(ReconcilerHarness harness, ResourceType type, string name) =>
        harness.Server.Find(type, TestApps.Namespace, name) switch
        {
            V1StatefulSet statefulSet => statefulSet.Spec.Template.Metadata.Annotations[Annotation],
            V1Deployment deployment => deployment.Spec.Template.Metadata.Annotations[Annotation],
            var other => throw new InvalidOperationException($"{type} {name} is {other}"),
        };


    private static V1Secret Secret(string password) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "vault",
            NamespaceProperty = TestApps.Namespace,
            Uid = "5e1d0000-0000-4000-8000-000000000002",
            Labels = new Dictionary<string, string> { [RedisPasswordRules.OptInLabel] = "true" },
        },
        Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes(password) },
    };
}
