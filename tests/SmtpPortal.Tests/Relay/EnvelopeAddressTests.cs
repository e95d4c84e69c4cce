using SmtpPortal.Relay;

namespace SmtpPortal.Tests.Relay;

public sealed class EnvelopeAddressTests
{
    [Theory]
    [InlineData("app@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    public void OrdinaryAddressesAreAccepted(string address) => Assert.Null(EnvelopeAddress.Check(address));

    [Theory]
    [InlineData("", "null sender")]
    [InlineData("@a.example:b@c.example", "source routes")]
    [InlineData("b%c.example@a.example", "relay tricks")]
    [InlineData("c.example!b@a.example", "relay tricks")]
    [InlineData("\"b@c\"@a.example", "quoted")]
    [InlineData("b@[192.0.2.1]", "IP literals")]
    [InlineData("b@localhost", "not a valid host name")]
    [InlineData("b@-a.example", "not a valid host name")]
    [InlineData(".b@a.example", "dot-atom")]
    [InlineData("b..c@a.example", "dot-atom")]
    [InlineData("测试@a.example", "SMTPUTF8")]
    [InlineData("b c@a.example", "not accepted")]
    [InlineData("b@a.example.", "not a valid host name")]
    public void RelayTricksAndMalformedAddressesAreRefusedWithAReason(string address, string reason) =>
        Assert.Contains(reason, EnvelopeAddress.Check(address));
}

public sealed class SenderListTests
{
    [Fact]
    public void AddressesAndWholeDomainsAreReadFromWhatAnAdminTypes()
    {
        var (list, problem) = SenderList.Parse(" WordPress@Example.com, @News.example.org\nexample.net ;wordpress@example.com");

        Assert.Null(problem);
        Assert.Equal(["wordpress@example.com", "@news.example.org", "@example.net"], list!.Entries);
        Assert.True(list.Allows("WORDPRESS@example.com"));
        Assert.True(list.Allows("anyone@news.example.org"));
        Assert.False(list.Allows("anyone@sub.news.example.org"));
        Assert.False(list.Allows("other@example.com"));
        Assert.False(list.Allows("wordpress@example.com.evil.example"));
    }

    [Theory]
    [InlineData("", "SendersMissing")]
    [InlineData("someone@", "SenderAddressInvalid")]
    [InlineData("@bad_domain", "SenderDomainInvalid")]
    [InlineData("b%c@a.example", "SenderAddressInvalid")]
    public void WhatCannotBeASenderIsRefusedNamingTheEntry(string text, string key) =>
        Assert.Equal(key, SenderList.Parse(text).Problem!.Key);

    [Fact]
    public void TheRefusalReadsInChineseToo()
    {
        var problem = SenderList.Parse("@bad_domain").Problem!;
        Assert.Equal("\"@bad_domain\" is not a valid domain. Write a domain as @example.com.", problem.English);
        Assert.Equal("“@bad_domain”不是有效的域名。域名请写成 @example.com。", problem.In(System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));
    }

    [Theory]
    [InlineData("WordPress blog", "wordpress-blog")]
    [InlineData("  Nextcloud!! ", "nextcloud")]
    [InlineData("邮件应用", "app")]
    public void AUserNameIsMadeFromTheAppsName(string name, string userName) =>
        Assert.Equal(userName, RelayAppStore.UniqueUserName(name, []));

    [Fact]
    public void AUserNameStaysUniqueForEverRevokedOnesIncluded() =>
        Assert.Equal("wordpress-3", RelayAppStore.UniqueUserName("WordPress", ["wordpress", "wordpress-2"]));
}
