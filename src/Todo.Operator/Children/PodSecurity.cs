using k8s.Models;

namespace Todo.Operator.Children;

/// <summary>
/// The Pod Security Standards "restricted" profile for every pod the operator creates: a non-root
/// user above the range images commonly bake in, no privilege escalation, no capabilities, the
/// runtime's seccomp profile and a read-only root filesystem.
/// </summary>
internal static class PodSecurity
{
    public const long UserId = 10001;
    public const long GroupId = 10001;

    public static V1PodSecurityContext Pod() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = UserId,
        RunAsGroup = GroupId,
        FsGroup = GroupId,
        // Changes ownership only when the volume's root is not the group's yet, instead of walking every file at each start.
        FsGroupChangePolicy = "OnRootMismatch",
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext Container() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = UserId,
        RunAsGroup = GroupId,
        AllowPrivilegeEscalation = false,
        Privileged = false,
        ReadOnlyRootFilesystem = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>A writable scratch directory on a read-only root filesystem.</summary>
    public static V1Volume ScratchVolume(string name) => new() { Name = name, EmptyDir = new V1EmptyDirVolumeSource() };
}
