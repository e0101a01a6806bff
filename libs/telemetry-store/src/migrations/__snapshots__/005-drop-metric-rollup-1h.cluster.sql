DROP TABLE IF EXISTS `vigil`.metric_rollup_1h ON CLUSTER `vigil_cluster`;

DROP TABLE IF EXISTS `vigil`.`metric_rollup_1h_local` ON CLUSTER `vigil_cluster`;
