using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InboxNotificationsFaults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Attempts",
                table: "WorkflowTimers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FaultedAt",
                table: "WorkflowTimers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastError",
                table: "WorkflowTimers",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RetryAt",
                table: "WorkflowTimers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "WorkflowNotifications",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "Message"); // rows written before kinds existed were the notify action's messages

            migrationBuilder.AddColumn<string>(
                name: "FaultReason",
                table: "WorkflowCases",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FaultedAt",
                table: "WorkflowCases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    TaskId = table.Column<Guid>(type: "uuid", nullable: true),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedById = table.Column<Guid>(type: "uuid", nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseFiles_WorkflowCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "WorkflowCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NotificationReads",
                columns: table => new
                {
                    NotificationId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationReads", x => new { x.NotificationId, x.UserId });
                    table.ForeignKey(
                        name: "FK_NotificationReads_WorkflowNotifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "WorkflowNotifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SavedFilters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Screen = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Query = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedFilters", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowNotifications_Agency_Created",
                table: "WorkflowNotifications",
                columns: new[] { "AgencyId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowNotifications_User_Created",
                table: "WorkflowNotifications",
                columns: new[] { "RecipientUserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowCases_Faulted",
                table: "WorkflowCases",
                column: "FaultedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CaseFiles_Case",
                table: "CaseFiles",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationReads_User",
                table: "NotificationReads",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SavedFilters_User_Screen_Name",
                table: "SavedFilters",
                columns: new[] { "UserId", "Screen", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseFiles");

            migrationBuilder.DropTable(
                name: "NotificationReads");

            migrationBuilder.DropTable(
                name: "SavedFilters");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowNotifications_Agency_Created",
                table: "WorkflowNotifications");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowNotifications_User_Created",
                table: "WorkflowNotifications");

            migrationBuilder.DropIndex(
                name: "IX_WorkflowCases_Faulted",
                table: "WorkflowCases");

            migrationBuilder.DropColumn(
                name: "Attempts",
                table: "WorkflowTimers");

            migrationBuilder.DropColumn(
                name: "FaultedAt",
                table: "WorkflowTimers");

            migrationBuilder.DropColumn(
                name: "LastError",
                table: "WorkflowTimers");

            migrationBuilder.DropColumn(
                name: "RetryAt",
                table: "WorkflowTimers");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "WorkflowNotifications");

            migrationBuilder.DropColumn(
                name: "FaultReason",
                table: "WorkflowCases");

            migrationBuilder.DropColumn(
                name: "FaultedAt",
                table: "WorkflowCases");
        }
    }
}
