package backup_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/smithy-go/middleware"
	"github.com/nimbus-sdk/nimbus/internal/testenv"
	"github.com/nimbus-sdk/nimbus/services/backup"
	"github.com/nimbus-sdk/nimbus/services/backup/types"
)

// TestIntegrationBackup drives AWS Backup (restJson1) against moto: a
// vault and a plan targeting it, both read back and listed, then deleted.
func TestIntegrationBackup(t *testing.T) {
	srv := testenv.Moto(t)
	c := backup.New(backup.Options{Region: srv.Region, BaseEndpoint: srv.Endpoint, Credentials: srv.Credentials(),
		APIOptions: []func(*middleware.Stack) error{testenv.SendPayloadHash}}) // for moto's check of GETs
	ctx := context.Background()
	name := fmt.Sprintf("nimbus-%d", time.Now().UnixNano())

	vault, err := c.CreateBackupVault(ctx, &backup.CreateBackupVaultInput{BackupVaultName: &name, BackupVaultTags: map[string]string{"team": "sdk"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteBackupVault(context.Background(), &backup.DeleteBackupVaultInput{BackupVaultName: &name})
	})
	if *vault.BackupVaultName != name || vault.CreationDate == nil || time.Since(*vault.CreationDate).Abs() > time.Hour {
		t.Errorf("CreateBackupVault = %+v", vault)
	}

	d, err := c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: &name})
	if err != nil {
		t.Fatal(err)
	}
	if *d.BackupVaultArn != *vault.BackupVaultArn || d.NumberOfRecoveryPoints != 0 {
		t.Errorf("DescribeBackupVault = %+v", d)
	}

	plan, err := c.CreateBackupPlan(ctx, &backup.CreateBackupPlanInput{BackupPlan: &types.BackupPlanInput{
		BackupPlanName: &name,
		Rules: []types.BackupRuleInput{{
			RuleName: ptr("daily"), TargetBackupVaultName: &name, ScheduleExpression: ptr("cron(0 5 ? * * *)"),
			Lifecycle: &types.Lifecycle{DeleteAfterDays: ptr(int64(35))},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_, _ = c.DeleteBackupPlan(context.Background(), &backup.DeleteBackupPlanInput{BackupPlanId: plan.BackupPlanId})
	})
	gp, err := c.GetBackupPlan(ctx, &backup.GetBackupPlanInput{BackupPlanId: plan.BackupPlanId})
	if err != nil {
		t.Fatal(err)
	}
	if *gp.BackupPlan.BackupPlanName != name || len(gp.BackupPlan.Rules) != 1 || *gp.BackupPlan.Rules[0].TargetBackupVaultName != name ||
		*gp.BackupPlan.Rules[0].Lifecycle.DeleteAfterDays != 35 || *gp.VersionId != *plan.VersionId {
		t.Errorf("GetBackupPlan = %+v", gp.BackupPlan)
	}

	found := false
	for page, err := range backup.NewListBackupVaultsPaginator(c, &backup.ListBackupVaultsInput{}).Pages(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range page.BackupVaultList {
			found = found || *v.BackupVaultName == name
		}
	}
	if !found {
		t.Errorf("ListBackupVaults did not list %s", name)
	}

	_, err = c.DescribeBackupVault(ctx, &backup.DescribeBackupVaultInput{BackupVaultName: ptr(name + "-missing")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DescribeBackupVault(missing) error = %v; want *types.ResourceNotFoundException", err)
	}
}

func ptr[T any](v T) *T { return &v }
