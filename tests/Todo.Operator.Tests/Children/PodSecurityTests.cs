using k8s.Models;
using Todo.Operator.Backups;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Backups;
using Todo.Operator.Tests.Support;
using Todo.Operator.TodoApi;

namespace Todo.Operator.Tests.Children;

/// <summary>The Pod Security Standards "restricted" checklist, asserted for every pod template the operator builds.</summary>
public sealed class PodSecurityTests
{
    public static TheoryData<string> PodTemplates => ["api", "redis-aof", "redis-in-memory", "redis-restoring", "backup-job"];

    [Theory]
    [MemberData(nameof(PodTemplates))]
    public void Pod_template_is_restricted(string which)
    {
        var template = Template(which);
        var pod = template.Spec.SecurityContext;

        Assert.False(template.Spec.AutomountServiceAccountToken);
        Assert.True(pod.RunAsNonRoot);
        Assert.True(pod.RunAsUser >= 10000);
        Assert.True(pod.RunAsGroup >= 10000);
        Assert.True(pod.FsGroup >= 10000);
        Assert.Equal("RuntimeDefault", pod.SeccompProfile.Type);
        Assert.Null(template.Spec.HostNetwork);
        Assert.Null(template.Spec.HostPID);
        Assert.Null(template.Spec.HostIPC);

        foreach (var container in template.Spec.Containers.Concat(template.Spec.InitContainers ?? []))
        {
            var security = container.SecurityContext;
            Assert.True(security.RunAsNonRoot);
            Assert.False(security.AllowPrivilegeEscalation);
            Assert.NotEqual(true, security.Privileged);
            Assert.Equal(["ALL"], security.Capabilities.Drop);
            Assert.Null(security.Capabilities.Add);
            Assert.True(security.ReadOnlyRootFilesystem);
            Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);
            Assert.False(container.Image.EndsWith(":latest", StringComparison.Ordinal));
            Assert.Contains(':', container.Image);

            // Every mount is a volume the pod declares (an emptyDir or a claim), so writes never hit the root filesystem.
            var declared = (template.Spec.Volumes ?? []).Select(volume => volume.Name).ToHashSet();
            Assert.Contains(container.VolumeMounts, mount => mount.MountPath == "/tmp");
            Assert.All(container.VolumeMounts, mount => Assert.True(declared.Contains(mount.Name) || mount.Name == RedisStatefulSet.DataVolume));
        }
    }

    [Fact]
    public void Volumes_are_empty_dirs_only()
    {
        foreach (var which in new[] { "api", "redis-aof", "redis-in-memory" })
        {
            Assert.All(Template(which).Spec.Volumes, volume => Assert.NotNull(volume.EmptyDir));
        }
    }

    private static V1PodTemplateSpec Template(string which) => which switch
    {
        "api" => ((V1Deployment)new TodoApiDeployment().Desired(TestApps.Create(), Contexts.Current)).Spec.Template,
        "redis-aof" => ((V1StatefulSet)new RedisStatefulSet().Desired(TestApps.Create(), Contexts.Current)).Spec.Template,
        "redis-in-memory" => ((V1StatefulSet)new RedisStatefulSet().Desired(
            TestApps.Create(spec => spec.Redis.Persistence = RedisPersistence.None), Contexts.Current)).Spec.Template,
        "redis-restoring" => ((V1StatefulSet)new RedisStatefulSet().Desired(
            TestApps.Create(), Contexts.Current.With(RedisMembers.RestoreSource, new RestoreSource("nightly", "shop-backups", "nightly.rdb", "shop")))).Spec.Template,
        "backup-job" => BackupJob.Build(BackupTests.Backup("nightly"), TestApps.Create(), []).Spec.Template,
        _ => throw new ArgumentOutOfRangeException(nameof(which), which, null),
    };
}
