namespace Iso.EndToEnd.Tests;
