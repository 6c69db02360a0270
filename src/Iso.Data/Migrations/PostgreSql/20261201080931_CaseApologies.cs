using System;
using Iso.Data.Providers;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Iso.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CaseApologies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "IssuedAt",
                table: "WorkflowApologies",
                type: "timestamp with time zone",
                nullable: true,
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DraftedAt",
                table: "WorkflowApologies",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<Guid>(
                name: "DraftedById",
                table: "WorkflowApologies",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormVersion",
                table: "WorkflowApologies",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "IssuedById",
                table: "WorkflowApologies",
                type: "uuid",
                nullable: true);

            PostgreSqlProvider.BackfillApologyDrafts(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DraftedAt",
                table: "WorkflowApologies");

            migrationBuilder.DropColumn(
                name: "DraftedById",
                table: "WorkflowApologies");

            migrationBuilder.DropColumn(
                name: "FormVersion",
                table: "WorkflowApologies");

            migrationBuilder.DropColumn(
                name: "IssuedById",
                table: "WorkflowApologies");

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "IssuedAt",
                table: "WorkflowApologies",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)),
                oldClrType: typeof(DateTimeOffset),
                oldType: "timestamp with time zone",
                oldNullable: true);
        }
    }
}
