using Iso.Data.Providers;
﻿using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DocumentAcknowledgements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AcknowledgeWithinDays",
                table: "Documents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 14);

            migrationBuilder.AddColumn<DateOnly>(
                name: "LastReviewedOn",
                table: "Documents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReviewPeriodMonths",
                table: "Documents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DocumentAcknowledgements",
                columns: table => new
                {
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PrintedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentAcknowledgements", x => new { x.VersionId, x.UserId });
                    table.ForeignKey(
                        name: "FK_DocumentAcknowledgements_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DocumentAcknowledgements_DocumentVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DocumentVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DocumentLegalChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    NewDocumentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ChangedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentLegalChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentLegalChanges_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DocumentReviewReminders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentReviewReminders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentReviewReminders_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DocumentTasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DocumentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LegalChangeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClosedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RevisionVersionId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DocumentTasks_DocumentLegalChanges_LegalChangeId",
                        column: x => x.LegalChangeId,
                        principalTable: "DocumentLegalChanges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DocumentTasks_Documents_DocumentId",
                        column: x => x.DocumentId,
                        principalTable: "Documents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentAcknowledgements_DocumentId",
                table: "DocumentAcknowledgements",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentAcknowledgements_UserId_AcknowledgedAt",
                table: "DocumentAcknowledgements",
                columns: new[] { "UserId", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentLegalChanges_DocumentId",
                table: "DocumentLegalChanges",
                column: "DocumentId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentReviewReminders_DocumentId_DueOn",
                table: "DocumentReviewReminders",
                columns: new[] { "DocumentId", "DueOn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DocumentReviewReminders_UserId",
                table: "DocumentReviewReminders",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentTasks_AgencyId_Status_DueOn",
                table: "DocumentTasks",
                columns: new[] { "AgencyId", "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentTasks_DocumentId_Status",
                table: "DocumentTasks",
                columns: new[] { "DocumentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DocumentTasks_LegalChange_Unique",
                table: "DocumentTasks",
                columns: new[] { "DocumentId", "LegalChangeId" },
                unique: true,
                filter: "\"LegalChangeId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentTasks_LegalChangeId",
                table: "DocumentTasks",
                column: "LegalChangeId");

            migrationBuilder.CreateIndex(
                name: "IX_DocumentTasks_Review_Unique",
                table: "DocumentTasks",
                columns: new[] { "DocumentId", "Kind", "DueOn" },
                unique: true,
                filter: "\"Kind\" = 'PeriodicReview'");

            SqliteProvider.CreateDocumentFollowUpTriggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            SqliteProvider.DropDocumentFollowUpTriggers(migrationBuilder);

            migrationBuilder.DropTable(
                name: "DocumentAcknowledgements");

            migrationBuilder.DropTable(
                name: "DocumentReviewReminders");

            migrationBuilder.DropTable(
                name: "DocumentTasks");

            migrationBuilder.DropTable(
                name: "DocumentLegalChanges");

            migrationBuilder.DropColumn(
                name: "AcknowledgeWithinDays",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "LastReviewedOn",
                table: "Documents");

            migrationBuilder.DropColumn(
                name: "ReviewPeriodMonths",
                table: "Documents");
        }
    }
}
