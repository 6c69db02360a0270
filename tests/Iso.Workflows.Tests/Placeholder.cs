namespace Iso.Workflows.Tests;
