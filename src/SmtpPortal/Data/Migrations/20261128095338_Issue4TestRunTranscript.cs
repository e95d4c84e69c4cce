using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SmtpPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class Issue4TestRunTranscript : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "TestRuns",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Send");

            migrationBuilder.AddColumn<string>(
                name: "Transcript",
                table: "TestRuns",
                type: "TEXT",
                maxLength: 65636,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "TestRuns");

            migrationBuilder.DropColumn(
                name: "Transcript",
                table: "TestRuns");
        }
    }
}
