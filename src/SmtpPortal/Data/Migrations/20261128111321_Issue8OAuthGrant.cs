using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmtpPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue8OAuthGrant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OAuthGrants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    PresetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Account = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Tenant = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProtectedClientSecret = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedRefreshToken = table.Column<string>(type: "TEXT", nullable: false),
                    SignedInAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SignInId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OAuthGrants", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OAuthGrants");
        }
    }
}
