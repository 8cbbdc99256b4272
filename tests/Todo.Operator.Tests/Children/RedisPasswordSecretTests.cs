using System.Text;
using k8s.Models;
using Todo.Operator.Crd;
using Todo.Operator.Redis;
using Todo.Operator.Tests.Support;
using Todo.Operator.Workflow;

namespace Todo.Operator.Tests.Children;

public sealed class RedisPasswordSecretTests
{
    [Fact]
    public void Secret_holds_the_password_from_the_context()
    {
        var secret = (V1Secret)new RedisPasswordSecret().Desired(TestApps.Create(), Contexts.Current);

        Assert.Equal("shop-redis-password", secret.Metadata.Name);
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal(Contexts.Password, Encoding.UTF8.GetString(secret.Data["password"]));
        Assert.Equal(Contexts.Password, RedisPasswordSecret.StoredPassword(secret));
    }

    [Fact]
    public void Building_before_the_password_is_resolved_is_refused()
    {
        var context = new ChildContext(TestClusters.Current);

        Assert.Throws<InvalidOperationException>(() => new RedisPasswordSecret().Desired(TestApps.Create(), context));
    }

    [Fact]
    public void No_secret_is_generated_when_an_existing_one_is_named()
    {
        var app = TestApps.Create(spec => spec.Redis.PasswordSecretRef = new SecretKeyReference { Name = "sealed" });

        Assert.False(new RedisPasswordSecret().IsWanted(app));
        Assert.True(new RedisPasswordSecret().IsWanted(TestApps.Create()));
    }

    [Fact]
    public void Stored_password_is_absent_from_an_empty_secret()
    {
        Assert.Null(RedisPasswordSecret.StoredPassword(new V1Secret()));
    }

    [Fact]
    public void Generated_passwords_are_long_random_and_alphanumeric()
    {
        var first = RedisPasswordRules.Generate();
        var second = RedisPasswordRules.Generate();

        Assert.Equal(32, first.Length);
        Assert.True(first.All(char.IsAsciiLetterOrDigit));
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("plain-Password_123", true)]
    [InlineData("with space and !#$%&'()*+,-./:;<=>?@[]^`{|}~", true)]
    [InlineData("quote\"inside", false)]
    [InlineData("back\\slash", false)]
    [InlineData("new\nline", false)]
    public void Only_passwords_a_quoted_redis_config_value_can_hold_are_supported(string password, bool supported)
    {
        Assert.Equal(supported, RedisPasswordRules.IsSupported(System.Text.Encoding.UTF8.GetBytes(password)));
    }

    [Fact]
    public void Passwords_that_are_not_utf8_are_not_supported()
    {
        Assert.True(RedisPasswordRules.IsSupported("pässwörd"u8.ToArray()));
        Assert.False(RedisPasswordRules.IsSupported([0x70, 0xC3, 0x28, 0x77]));
    }
}
