using Todo.Delivery.Tests.Support;

namespace Todo.Delivery.Tests.Pipeline;

/// <summary>What the release and promotion workflows promise: the order of build, scan, push, SBOM and signing, and the gates.</summary>
public sealed class ReleaseWorkflowTests
{
    [Fact]
    public void Pull_requests_run_make_test()
    {
        var ci = Workflows.Read("ci.yaml");

        Assert.True(ci["on"]!.AsObject().ContainsKey("pull_request"));
        Assert.Contains(Workflows.Steps(ci), step => step.Step["run"]?.GetValue<string>() == "bash .ci/run");
        Assert.Contains("make test", File.ReadAllLines(RepositoryRoot.Combine(".ci", "run")));
    }

    [Fact]
    public void Main_tests_then_scans_each_image_before_pushing_it_and_signs_the_pushed_digest()
    {
        var release = Workflows.Read("release.yaml");
        Assert.Equal(["main"], release["on"]!["push"]!["branches"]!.AsArray().Select(branch => branch!.GetValue<string>()));
        Assert.Equal("./.github/workflows/ci.yaml", release["jobs"]!["test"]!["uses"]!.GetValue<string>());
        var job = release["jobs"]!["image"]!;
        Assert.Equal("test", job["needs"]!.GetValue<string>());
        Assert.Equal(["operator", "api"], job["strategy"]!["matrix"]!["image"]!.AsArray().Select(image => image!.GetValue<string>()));

        var steps = job["steps"]!.AsArray().Select(step => step!["uses"]?.GetValue<string>().Split('@')[0] ?? step!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(
            ["actions/checkout", "Image name", "docker/setup-buildx-action", "docker/build-push-action", "aquasecurity/trivy-action", "docker/login-action",
             "docker/build-push-action", "anchore/sbom-action", "sigstore/cosign-installer", "Sign, and attach the SBOM as a signed attestation"],
            steps);

        var builds = Workflows.StepsUsing(release, "docker/build-push-action");
        Assert.All(builds, build => Assert.Equal("${{ steps.name.outputs.repository }}:${{ github.sha }}", build["with"]!["tags"]!.GetValue<string>()));
        Assert.All(builds, build => Assert.StartsWith("type=gha", build["with"]!["cache-from"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.False(builds[0]["with"]!["push"]!.GetValue<bool>());
        Assert.True(builds[1]["with"]!["push"]!.GetValue<bool>());

        var scan = Workflows.Step(release, "aquasecurity/trivy-action")["with"]!;
        Assert.Equal("HIGH,CRITICAL", scan["severity"]!.GetValue<string>());
        Assert.Equal("1", scan["exit-code"]!.GetValue<string>());
        Assert.Equal(".trivyignore", scan["trivyignores"]!.GetValue<string>());
        Assert.Equal("cyclonedx-json", Workflows.Step(release, "anchore/sbom-action")["with"]!["format"]!.GetValue<string>());

        var signing = job["steps"]!.AsArray().Last()!;
        Assert.Equal("${{ steps.name.outputs.repository }}@${{ steps.push.outputs.digest }}", signing["env"]!["IMAGE"]!.GetValue<string>());
        Assert.Contains("cosign sign --yes", signing["run"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("cosign attest --yes --type cyclonedx", signing["run"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("write", job["permissions"]!["id-token"]!.GetValue<string>());
        Assert.Equal("write", job["permissions"]!["packages"]!.GetValue<string>());
    }

    [Fact]
    public void The_dev_bump_follows_the_images_and_the_bump_commit_builds_nothing()
    {
        var release = Workflows.Read("release.yaml");

        var bump = release["jobs"]!["bump-dev"]!;
        Assert.Equal("image", bump["needs"]!.GetValue<string>());
        Assert.Equal(["contents"], bump["permissions"]!.AsObject().Select(permission => permission.Key));
        var script = string.Join('\n', bump["steps"]!.AsArray().Select(step => step!["run"]?.GetValue<string>() ?? string.Empty));
        Assert.Contains("hack/gitops/set-image.sh dev", script, StringComparison.Ordinal);
        Assert.Contains("hack/gitops/set-image.sh operator", script, StringComparison.Ordinal);
        Assert.Contains("hack/ci/commit-gitops.sh", script, StringComparison.Ordinal);
        Assert.Contains("gitops/**", release["on"]!["push"]!["paths-ignore"]!.AsArray().Select(path => path!.GetValue<string>()));
    }

    [Fact]
    public void Promotion_runs_in_the_target_environment_and_verifies_the_release_signature()
    {
        var promote = Workflows.Read("promote.yaml");

        var input = promote["on"]!["workflow_dispatch"]!["inputs"]!["environment"]!;
        Assert.Equal(["staging", "production"], input["options"]!.AsArray().Select(option => option!.GetValue<string>()));
        var job = promote["jobs"]!["promote"]!;
        Assert.Equal("${{ inputs.environment }}", job["environment"]!.GetValue<string>());
        var promotion = Assert.Single(job["steps"]!.AsArray(), step => step!["name"]?.GetValue<string>() == "Promote")!;
        Assert.Equal(
            "https://github.com/${{ github.repository }}/.github/workflows/release.yaml@refs/heads/main",
            promotion["env"]!["COSIGN_IDENTITY"]!.GetValue<string>());
        Assert.StartsWith("hack/gitops/promote.sh", promotion["run"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
