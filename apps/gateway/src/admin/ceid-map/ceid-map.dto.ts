import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class PutCeidMappingDto {
  @ApiProperty({ example: '9690937278', description: 'NHS number the local id belongs to' })
  @IsString()
  @Matches(/^\d{10}$/, { message: 'nhsNumber must be 10 digits' })
  nhsNumber: string;
}

export class CeidMappingDto {
  @ApiProperty({ example: '1.2.840.114350.1.13.525.3.7.3.688884.100' })
  root: string;
  @ApiProperty({ example: 'Z1234567' })
  extension: string;
  @ApiProperty({ example: '9690937278' })
  nhsNumber: string;
  @ApiProperty()
  createdAt: string;
  @ApiProperty({ enum: ['query', 'admin'] })
  source: 'query' | 'admin';
}
