using k8s.Models;
using Todo.Operator.Children;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;

namespace Todo.Operator.Tests.Children;

public sealed class RedisStatefulSetTests
{
    private static V1StatefulSet Build(TodoApp app) => (V1StatefulSet)new RedisStatefulSet().Desired(app, Contexts.Current);

    /// <summary>The claim as the StatefulSet controller makes it (Kubernetes 1.20 getPersistentVolumeClaims): the template's labels and the selector's on top.</summary>
    private static V1PersistentVolumeClaim ClaimMadeBy(V1StatefulSet statefulSet)
    {
        var template = Assert.Single(statefulSet.Spec.VolumeClaimTemplates);
        var labels = new Dictionary<string, string>(template.Metadata.Labels);
        foreach (var (key, value) in statefulSet.Spec.Selector.MatchLabels)
        {
            labels[key] = value;
        }

        return new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data-shop-redis-0", Labels = labels, Annotations = new Dictionary<string, string>(template.Metadata.Annotations) },
            Spec = template.Spec,
        };
    }

    [Fact]
    public void Aof_persistence_appends_to_a_claimed_volume()
    {
        var app = TestApps.Create(spec => spec.Redis.Storage = new RedisStorageSpec { Size = "2Gi", StorageClassName = "fast" });

        var statefulSet = Build(app);
        var container = Assert.Single(statefulSet.Spec.Template.Spec.Containers);
        var claim = Assert.Single(statefulSet.Spec.VolumeClaimTemplates);

        Assert.Equal("shop-redis", statefulSet.Spec.ServiceName);
        Assert.Equal(1, statefulSet.Spec.Replicas);
        Assert.Contains("--appendonly", container.Args);
        Assert.Equal("yes", container.Args[container.Args.IndexOf("--appendonly") + 1]);
        Assert.Equal(RedisStatefulSet.DataVolume, claim.Metadata.Name);
        Assert.Equal("2Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Equal("fast", claim.Spec.StorageClassName);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.DoesNotContain(statefulSet.Spec.Template.Spec.Volumes, volume => volume.Name == RedisStatefulSet.DataVolume);
    }

    [Fact]
    public void Without_persistence_data_lives_in_an_empty_dir()
    {
        var statefulSet = Build(TestApps.Create(spec => spec.Redis.Persistence = RedisPersistence.None));
        var container = Assert.Single(statefulSet.Spec.Template.Spec.Containers);

        Assert.Null(statefulSet.Spec.VolumeClaimTemplates);
        Assert.Contains(statefulSet.Spec.Template.Spec.Volumes, volume => volume.Name == RedisStatefulSet.DataVolume && volume.EmptyDir is not null);
        Assert.Equal("no", container.Args[container.Args.IndexOf("--appendonly") + 1]);
    }

    [Fact]
    public void Passwords_reach_redis_and_probes_through_secret_references_only()
    {
        var container = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);

        Assert.All(container.Env, variable => Assert.Null(variable.Value));
        Assert.Equal(
            [
                ("REDIS_PASSWORD", "shop-redis-password", "password"),
                ("REDIS_EXPORTER_PASSWORD", "shop-redis-users", "exporter"),
                ("REDIS_REPLICATION_PASSWORD", "shop-redis-users", "replication"),
                ("REDIS_SENTINEL_PASSWORD", "shop-redis-users", "sentinel"),
                ("REDISCLI_AUTH", "shop-redis-users", "sentinel"),
            ],
            container.Env.Select(variable => (variable.Name, variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key)));
        Assert.DoesNotContain(container.Args, argument => argument.Contains("user", StringComparison.Ordinal));
        Assert.Contains("user api on \">%s\" ~shop:* ", container.Command[2], StringComparison.Ordinal);
        Assert.Contains("\"$REDIS_PASSWORD\"", container.Command[2], StringComparison.Ordinal);
        Assert.DoesNotContain([.. container.Command, .. container.Args], argument => argument.Contains(Contexts.Password!, StringComparison.Ordinal));
        Assert.Contains("redis-cli --user sentinel ping", string.Join(' ', container.ReadinessProbe.Exec.Command), StringComparison.Ordinal);
        Assert.Contains("redis-cli --user sentinel ping", string.Join(' ', container.LivenessProbe.Exec.Command), StringComparison.Ordinal);
    }

    [Fact]
    public void Image_and_resources_come_from_the_spec()
    {
        var app = TestApps.Create(spec =>
        {
            spec.Redis.Image = new ImageReference { Repository = "mirror.example.com/redis", Tag = "7.4.0" };
            spec.Redis.Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") } };
        });

        var container = Assert.Single(Build(app).Spec.Template.Spec.Containers);

        Assert.Equal("mirror.example.com/redis:7.4.0", container.Image);
        Assert.Equal("1Gi", container.Resources.Limits["memory"].ToString());
    }

    /// <summary>The claims have no owner reference: ArgoCD (label tracking) would take one with its instance label for its own and prune it.</summary>
    [Fact]
    public void The_claim_template_carries_no_tracking_label_and_tells_ArgoCD_never_to_prune()
    {
        var claim = Assert.Single(Build(TestApps.Create()).Spec.VolumeClaimTemplates);

        Assert.DoesNotContain("app.kubernetes.io/instance", claim.Metadata.Labels.Keys);
        Assert.DoesNotContain(claim.Metadata.Labels.Keys, key => key.StartsWith("argocd.argoproj.io/", StringComparison.Ordinal));
        Assert.Equal(("shop", TestApps.Uid), (claim.Metadata.Labels["todo.gitops.dev/todoapp"], claim.Metadata.Labels["todo.gitops.dev/todoapp-uid"]));
        Assert.Equal("todo-operator", claim.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal(new Dictionary<string, string> { ["argocd.argoproj.io/sync-options"] = "Prune=false" }, claim.Metadata.Annotations);
    }

    /// <summary>
    /// The StatefulSet controller copies the selector's labels onto every claim: a selector with ArgoCD's instance label
    /// made the operator patch each new claim. The pods keep the instance label the Services and policies select by.
    /// </summary>
    [Fact]
    public void The_selector_carries_no_tracking_label_and_selects_the_pods_of_the_template()
    {
        var statefulSet = Build(TestApps.Create());

        Assert.Equal(
            new Dictionary<string, string> { ["app.kubernetes.io/name"] = "todo", ["todo.gitops.dev/todoapp"] = "shop", ["app.kubernetes.io/component"] = "redis" },
            statefulSet.Spec.Selector.MatchLabels);
        Assert.All(statefulSet.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, statefulSet.Spec.Template.Metadata.Labels[label.Key]));
        Assert.Equal("shop", statefulSet.Spec.Template.Metadata.Labels["app.kubernetes.io/instance"]);
    }

    [Fact]
    public void A_claim_the_stateful_set_controller_makes_needs_no_stamp_unless_the_selector_carries_the_tracking_label()
    {
        var app = TestApps.Create();
        var statefulSet = Build(app);
        var earlier = Build(app);
        earlier.Spec.Selector.MatchLabels = AppLabels.Selector(app, AppLabels.RedisComponent);

        Assert.Null(RedisDataClaims.Stamp(ClaimMadeBy(statefulSet), app));
        var patch = RedisDataClaims.Stamp(ClaimMadeBy(earlier), app);
        Assert.NotNull(patch);
        Assert.Equal("""{"metadata":{"labels":{"app.kubernetes.io/instance":null}}}""", patch.ToJsonString());
    }

    [Theory]
    [InlineData("Retain")]
    [InlineData("Delete")]
    public void Where_the_cluster_takes_a_claim_retention_policy_it_says_what_the_spec_asks(string policy)
    {
        var app = TestApps.Create(spec => spec.Redis.Storage.WhenDeleted = Enum.Parse<RedisDataRetention>(policy));

        var statefulSet = (V1StatefulSet)new RedisStatefulSet().Desired(app, Contexts.Current.With(RedisMembers.ClaimRetention, true));

        Assert.Equal((policy, "Retain"), (statefulSet.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted, statefulSet.Spec.PersistentVolumeClaimRetentionPolicy.WhenScaled));
        Assert.Null(Build(app).Spec.PersistentVolumeClaimRetentionPolicy);
    }

    /// <summary>Loading a large AOF answers LOADING for minutes; the probes must not kill Redis for it (review #21).</summary>
    [Fact]
    public void A_redis_loading_its_data_is_given_time_to_start_and_is_not_killed_while_busy()
    {
        var container = Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);

        Assert.NotNull(container.StartupProbe);
        Assert.True(container.StartupProbe.PeriodSeconds * container.StartupProbe.FailureThreshold >= 600, "at least ten minutes to load the data");
        Assert.Contains("LOADING", string.Join(' ', container.LivenessProbe.Exec.Command), StringComparison.Ordinal);
        Assert.Contains("BUSY", string.Join(' ', container.LivenessProbe.Exec.Command), StringComparison.Ordinal);
        Assert.DoesNotContain("LOADING", string.Join(' ', container.ReadinessProbe.Exec.Command), StringComparison.Ordinal);
        Assert.Null(container.LivenessProbe.InitialDelaySeconds);
    }

    [Fact]
    public void The_volume_is_chowned_only_when_its_root_does_not_match()
    {
        Assert.Equal("OnRootMismatch", Build(TestApps.Create()).Spec.Template.Spec.SecurityContext.FsGroupChangePolicy);
    }

    [Fact]
    public void Redis_refuses_writes_at_three_quarters_of_its_memory_limit_and_never_evicts()
    {
        var app = TestApps.Create(spec => spec.Redis.Resources = new V1ResourceRequirements
        {
            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi") },
        });

        var args = Assert.Single(Build(app).Spec.Template.Spec.Containers).Args;

        Assert.Equal("201326592", args[args.IndexOf("--maxmemory") + 1]);
        Assert.Equal("noeviction", args[args.IndexOf("--maxmemory-policy") + 1]);
        Assert.DoesNotContain("--maxmemory", Assert.Single(Build(TestApps.Create(spec => spec.Redis.Resources = new V1ResourceRequirements())).Spec.Template.Spec.Containers).Args);
    }

    /// <summary>
    /// The first release of each Redis line with the fixes for the Lua RCEs up to CVE-2025-49844 ("RediShell", CVSS 10) and
    /// CVE-2025-21605; a line not listed here must be newer than every listed one.
    /// </summary>
    [Fact]
    public void The_default_redis_image_has_the_fixes_for_the_known_critical_vulnerabilities()
    {
        var fixedIn = new Dictionary<(int, int), int> { [(7, 2)] = 11, [(7, 4)] = 6, [(8, 0)] = 4, [(8, 2)] = 2 };
        var image = new RedisSpec().Image;
        var version = System.Text.RegularExpressions.Regex.Match(image.Tag, @"^(\d+)\.(\d+)\.(\d+)");
        Assert.True(version.Success, $"the default tag {image.Tag} names no version");
        var (major, minor, patch) = (int.Parse(version.Groups[1].Value), int.Parse(version.Groups[2].Value), int.Parse(version.Groups[3].Value));

        Assert.Equal("docker.io/library/redis", image.Repository);
        Assert.True(
            fixedIn.TryGetValue((major, minor), out var first) ? patch >= first : (major, minor).CompareTo(fixedIn.Keys.Max()) > 0,
            $"redis {major}.{minor}.{patch} predates the security fixes of its line");
    }

    [Fact]
    public void Readiness_waits_until_the_pod_runs_the_latest_revision()
    {
        // The old pod is ready but the StatefulSet has not replaced it with the new revision yet.
        var observed = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "shop-redis", Generation = 2 },
            Spec = new V1StatefulSetSpec { Replicas = 1 },
            Status = new V1StatefulSetStatus { ObservedGeneration = 2, ReadyReplicas = 1, Replicas = 1, UpdatedReplicas = 0 },
        };

        Assert.False(new RedisStatefulSet().Readiness(TestApps.Create(), observed).IsReady);
        observed.Status.UpdatedReplicas = 1;
        Assert.True(new RedisStatefulSet().Readiness(TestApps.Create(), observed).IsReady);
    }

    [Fact]
    public void The_exporter_sidecar_reads_the_password_from_the_secret_serves_metrics_and_cannot_take_redis_out_of_its_service()
    {
        var app = TestApps.Create(spec => spec.Redis.Exporter.Enabled = true);

        var containers = Build(app).Spec.Template.Spec.Containers;

        var exporter = Assert.Single(containers, container => container.Name == "exporter");
        Assert.Equal("docker.io/oliver006/redis_exporter:v1.94.0", exporter.Image);
        Assert.Equal(("metrics", 9121), (Assert.Single(exporter.Ports).Name, Assert.Single(exporter.Ports).ContainerPort));
        Assert.Equal("redis://localhost:6379", exporter.Env.Single(variable => variable.Name == "REDIS_ADDR").Value);
        Assert.Equal("exporter", exporter.Env.Single(variable => variable.Name == "REDIS_USER").Value);
        var password = exporter.Env.Single(variable => variable.Name == "REDIS_PASSWORD");
        Assert.Equal((null, "shop-redis-users", "exporter"), (password.Value, password.ValueFrom.SecretKeyRef.Name, password.ValueFrom.SecretKeyRef.Key));
        Assert.Null(exporter.ReadinessProbe);
        Assert.True(exporter.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Single(Build(TestApps.Create()).Spec.Template.Spec.Containers);
    }
}
