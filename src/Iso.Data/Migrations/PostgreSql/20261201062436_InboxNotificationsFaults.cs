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

            migrationBuilder.AddColumn<Guid>(
                name: "TaskId",
                table: "CaseFiles",
                type: "uuid",
                nullable: true);

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
                name: "IX_CaseFiles_TaskId",
                table: "CaseFiles",
                column: "TaskId");

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

            migrationBuilder.DropIndex(
                name: "IX_CaseFiles_TaskId",
                table: "CaseFiles");

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

            migrationBuilder.DropColumn(
                name: "TaskId",
                table: "CaseFiles");
        }
    }
}
