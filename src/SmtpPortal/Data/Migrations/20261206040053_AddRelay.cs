using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmtpPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddRelay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RelayApps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SecretHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AllowedSenders = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayApps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RelayAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Delivered = table.Column<bool>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Permanent = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReplyCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Reply = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RelayMessages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AppId = table.Column<int>(type: "INTEGER", nullable: false),
                    AppName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EnvelopeFrom = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Recipients = table.Column<string>(type: "TEXT", maxLength: 255000, nullable: false),
                    RecipientCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    MessageIdHeader = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastReply = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastCategory = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    LastReasonCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastReason = table.Column<string>(type: "TEXT", maxLength: 1200, nullable: true),
                    BodyFile = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    BodyInDatabase = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RelayRefusals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AppName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayRefusals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RelayStates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    RecordSubjects = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayStates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RelayMessageBodies",
                columns: table => new
                {
                    MessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RelayMessageBodies", x => x.MessageId);
                    table.ForeignKey(
                        name: "FK_RelayMessageBodies_RelayMessages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "RelayMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RelayApps_UserName",
                table: "RelayApps",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RelayAttempts_MessageId",
                table: "RelayAttempts",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_RelayMessages_AppId_AcceptedAt",
                table: "RelayMessages",
                columns: new[] { "AppId", "AcceptedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RelayMessages_FinishedAt",
                table: "RelayMessages",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_RelayMessages_Status_NextAttemptAt",
                table: "RelayMessages",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RelayRefusals_At",
                table: "RelayRefusals",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RelayApps");

            migrationBuilder.DropTable(
                name: "RelayAttempts");

            migrationBuilder.DropTable(
                name: "RelayMessageBodies");

            migrationBuilder.DropTable(
                name: "RelayRefusals");

            migrationBuilder.DropTable(
                name: "RelayStates");

            migrationBuilder.DropTable(
                name: "RelayMessages");
        }
    }
}
